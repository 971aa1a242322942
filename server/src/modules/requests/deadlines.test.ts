import { describe, expect, it } from 'vitest';
import {
  addClockMinutes,
  elapsedClockMinutes,
  type HolidayCalendar,
  isWorkingDay,
  warningLevel,
} from './deadlines';

// the 2026 National Day week and its make-up workdays
const calendar: HolidayCalendar = new Map([
  ['2026-09-20', 'workday'],
  ['2026-10-01', 'holiday'],
  ['2026-10-02', 'holiday'],
  ['2026-10-03', 'holiday'],
  ['2026-10-04', 'holiday'],
  ['2026-10-05', 'holiday'],
  ['2026-10-06', 'holiday'],
  ['2026-10-07', 'holiday'],
  ['2026-10-10', 'workday'],
]);
const cst = (s: string) => new Date(`${s}+08:00`);

describe('deadlines on the holiday calendar', () => {
  it('knows weekends, holidays and 调休 workdays', () => {
    expect(isWorkingDay('2026-11-20', calendar)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-21', calendar)).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-01', calendar)).toBe(false); // National Day, a Thursday
    expect(isWorkingDay('2026-10-10', calendar)).toBe(true); // Saturday make-up workday
    expect(isWorkingDay('2026-09-20', calendar)).toBe(true); // Sunday make-up workday
  });

  it('a calendar clock counts every minute (emergency: 2 h)', () => {
    expect(addClockMinutes(cst('2026-10-01T23:30:00'), 120, 'calendar', calendar)).toEqual(
      cst('2026-10-02T01:30:00'),
    );
  });

  it('a working clock skips the weekend: Friday 15:00 + 1 working day = Monday 15:00', () => {
    expect(addClockMinutes(cst('2026-11-20T15:00:00'), 1440, 'working', calendar)).toEqual(
      cst('2026-11-23T15:00:00'),
    );
  });

  it('a report on a Saturday starts counting on Monday 00:00', () => {
    expect(addClockMinutes(cst('2026-11-21T10:00:00'), 1440, 'working', calendar)).toEqual(
      cst('2026-11-24T00:00:00'),
    );
  });

  it('7 working days from 30 September run over National Day and use the 10 October make-up Saturday', () => {
    // 15 h on 30 Sep, 1–7 Oct off, then 8, 9, 10 (Saturday, workday), 12, 13, 14 Oct = 159 h, 9 h more on 15 Oct
    const due = addClockMinutes(cst('2026-09-30T09:00:00'), 7 * 1440, 'working', calendar);
    expect(due).toEqual(cst('2026-10-15T09:00:00'));
  });

  it('elapsed working minutes ignore holidays and invert addClockMinutes', () => {
    const start = cst('2026-09-30T09:00:00');
    const due = addClockMinutes(start, 7 * 1440, 'working', calendar);
    expect(elapsedClockMinutes(start, due, 'working', calendar)).toBe(7 * 1440);
    expect(
      elapsedClockMinutes(cst('2026-10-01T00:00:00'), cst('2026-10-08T00:00:00'), 'working', calendar),
    ).toBe(0);
  });

  it('warns yellow at half the window, red at 80 %, breached after', () => {
    const start = cst('2026-11-16T00:00:00'); // Monday
    const due = addClockMinutes(start, 5 * 1440, 'working', calendar); // Saturday 00:00
    const t = { yellowAt: 0.5, redAt: 0.8 };
    expect(warningLevel(cst('2026-11-17T00:00:00'), start, due, t, 'working', calendar)).toBeNull();
    expect(warningLevel(cst('2026-11-18T13:00:00'), start, due, t, 'working', calendar)).toBe('yellow');
    expect(warningLevel(cst('2026-11-20T02:00:00'), start, due, t, 'working', calendar)).toBe('red');
    expect(warningLevel(cst('2026-11-23T00:00:00'), start, due, t, 'working', calendar)).toBe('breached');
  });
});
