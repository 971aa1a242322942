import { describe, expect, it } from 'vitest';
import { fitWithin, MAX_SIDE, needsDownscale, SMALL_BYTES } from './photos';

describe('fitWithin', () => {
  it('scales the longest side down to the limit, keeping the aspect ratio', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(5000, 1000, 1000)).toEqual({ width: 1000, height: 200 });
  });
  it('never enlarges, and keeps at least one pixel', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(MAX_SIDE, 10)).toEqual({ width: MAX_SIDE, height: 10 });
    expect(fitWithin(100_000, 1)).toEqual({ width: MAX_SIDE, height: 1 });
  });
});

describe('needsDownscale', () => {
  it('re-encodes large files and large pictures', () => {
    expect(needsDownscale({ size: 5_000_000, type: 'image/jpeg' }, 4032, 3024)).toBe(true);
    expect(needsDownscale({ size: SMALL_BYTES + 1, type: 'image/jpeg' }, 1000, 800)).toBe(true);
    expect(needsDownscale({ size: 100_000, type: 'image/png' }, 2000, 100)).toBe(true);
  });
  it('sends small pictures as they are', () => {
    expect(needsDownscale({ size: 100_000, type: 'image/jpeg' }, 1200, 900)).toBe(false);
    expect(needsDownscale({ size: SMALL_BYTES, type: 'image/webp' }, MAX_SIDE, MAX_SIDE)).toBe(false);
  });
  it('converts types the server does not take (HEIC, GIF, BMP) to JPEG', () => {
    expect(needsDownscale({ size: 1000, type: 'image/gif' }, 10, 10)).toBe(true);
    expect(needsDownscale({ size: 1000, type: '' }, 10, 10)).toBe(true);
  });
});
