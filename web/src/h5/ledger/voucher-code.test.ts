import { describe, expect, it } from 'vitest';
import { codeFrom } from './voucher-code';

describe('a scanned voucher', () => {
  it('yields its code from the QR link or a bare code, and nothing from anything else', () => {
    expect(codeFrom('https://doorstep.example/h5/me/points?use=ABCD2345')).toBe('ABCD2345');
    expect(codeFrom('https://doorstep.example/h5/me/points?use=abcd2345')).toBe('ABCD2345');
    expect(codeFrom(' abcd2345 ')).toBe('ABCD2345');
    expect(codeFrom('https://doorstep.example/h5/me/points')).toBeNull();
    expect(codeFrom('https://weixin.qq.com/r/xyz')).toBeNull();
    // 0, O, 1 and I are never in a code
    expect(codeFrom('ABCD0123')).toBeNull();
    expect(codeFrom('ABCD23456')).toBeNull();
    expect(codeFrom('')).toBeNull();
  });
});
