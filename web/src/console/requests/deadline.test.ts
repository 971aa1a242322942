import { describe, expect, it } from 'vitest';
import { deadlineText, durationParts, formatDuration, fullDateTime, shortDateTime } from './deadline';

const t = (key: string, o?: Record<string, unknown>) => {
  const unit = key.split('.').at(-1)!;
  if (unit === 'left') return `left ${o?.d}`;
  if (unit === 'over') return `over ${o?.d}`;
  return `${o?.count}${unit[0]}`;
};

describe('deadline text', () => {
  it('splits a duration into days, hours and minutes', () => {
    expect(durationParts((2 * 1440 + 3 * 60 + 5) * 60_000)).toEqual({ days: 2, hours: 3, minutes: 5 });
    expect(durationParts(-90 * 60_000)).toEqual({ days: 0, hours: 1, minutes: 30 });
  });
  it('shows the two largest units that matter', () => {
    expect(formatDuration((2 * 1440 + 3 * 60) * 60_000, t)).toBe('2d 3h');
    expect(formatDuration(2 * 1440 * 60_000, t)).toBe('2d');
    expect(formatDuration(90 * 60_000, t)).toBe('1h 30m');
    expect(formatDuration(8 * 60 * 60_000 + 5 * 60_000, t)).toBe('8h');
    expect(formatDuration(20_000, t)).toBe('1m');
  });
  it('says whether the deadline has passed', () => {
    const now = Date.parse('2026-11-22T08:00:00Z');
    expect(deadlineText('2026-11-22T10:00:00Z', t, now)).toEqual({ text: 'left 2h', over: false });
    expect(deadlineText('2026-11-22T07:00:00Z', t, now)).toEqual({ text: 'over 1h', over: true });
    expect(deadlineText(null, t, now)).toBeNull();
  });
});

describe('times in Asia/Shanghai whatever the browser’s zone', () => {
  it('shows 2026-11-21T23:30Z as the next morning in Beijing', () => {
    expect(fullDateTime('2026-11-21T23:30:00Z')).toBe('2026-11-22 07:30');
    expect(shortDateTime('2026-11-21T23:30:00Z', new Date('2026-06-01T00:00:00Z'))).toBe('11-22 07:30');
    // New Year's Eve 20:00 UTC is already next year in Beijing
    expect(shortDateTime('2025-12-31T20:00:00Z', new Date('2026-06-01T00:00:00Z'))).toBe('01-01 04:00');
    expect(shortDateTime('2025-12-31T15:00:00Z', new Date('2026-06-01T00:00:00Z'))).toBe('2025-12-31 23:00');
  });
});
