import { describe, expect, it } from 'vitest';
import { formatMinutes, splitMinutes } from './duration';

const t = (key: string, o?: Record<string, unknown>) => `${o?.count} ${key.split('.').pop()}`;

describe('deadline durations', () => {
  it('splits minutes into the largest whole unit', () => {
    expect(splitMinutes(120)).toEqual({ value: 2, unit: 'hours' });
    expect(splitMinutes(7 * 1440)).toEqual({ value: 7, unit: 'days' });
    expect(splitMinutes(90)).toEqual({ value: 90, unit: 'minutes' });
  });
  it('reads working days as working days and calendar days as hours', () => {
    expect(formatMinutes(7 * 1440, 'working', t)).toBe('7 workingDays');
    expect(formatMinutes(1440, 'calendar', t)).toBe('24 hours');
    expect(formatMinutes(120, 'calendar', t)).toBe('2 hours');
    expect(formatMinutes(480, 'working', t)).toBe('8 hours');
    expect(formatMinutes(15, 'calendar', t)).toBe('15 minutes');
  });
});
