import { z } from 'zod';
import { ImportRowError } from './imports';

/**
 * The holiday calendar (法定节假日 and 调休 make-up workdays) and the deadline policy table (时限), both reference
 * tables: every street's deadlines count on them. Platform admins edit them; street admins and secretaries view.
 */

/** A day off on a weekday (holiday), or a weekend day that is worked (调休 workday). */
export const DayKind = z.enum(['holiday', 'workday']);
export type DayKind = z.infer<typeof DayKind>;

/** Deadline class of a category: emergency 2 h, utilities 24 h, normal 7 working days, complex 15. */
export const SlaClass = z.enum(['emergency', 'utilities', 'normal', 'complex']);
export type SlaClass = z.infer<typeof SlaClass>;
/** 'calendar' counts every minute; 'working' only minutes on working days. */
export const SlaClock = z.enum(['calendar', 'working']);
export type SlaClock = z.infer<typeof SlaClock>;

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
/** 'YYYY-MM-DD', a real day between 2000 and 2100. */
export const CalendarDate = z
  .string()
  .regex(/^(20\d\d|2100)-\d\d-\d\d$/, 'date')
  .refine(isRealDate, 'date');

export const CalendarYearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const CalendarDayParams = z.object({ date: CalendarDate });

export const CalendarDay = z.object({
  date: z.string(),
  kind: DayKind,
  /** 春节, 国庆节调休… */
  name: z.string(),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

export const CalendarYear = z.object({
  year: z.number(),
  /** Only the platform admin edits the calendar. */
  canEdit: z.boolean(),
  days: z.array(CalendarDay),
});
export type CalendarYear = z.infer<typeof CalendarYear>;

export const CalendarDayBody = z.object({
  kind: DayKind,
  name: z.string().trim().min(1).max(30),
});
export type CalendarDayBody = z.infer<typeof CalendarDayBody>;

/** The answer to setting or clearing a day: the day as it now stands (null: an ordinary day again). */
export const CalendarDayResult = z.object({ date: z.string(), day: CalendarDay.nullable() });

// one minute up to a year, in minutes
const Minutes = z
  .number()
  .int()
  .min(1)
  .max(366 * 1440);
const Share = z.number().gt(0).lt(1);

export const SlaPolicy = z.object({
  slaClass: SlaClass,
  urgency: z.enum(['normal', 'urgent', 'emergency']),
  clock: SlaClock,
  /** first contact (响应) */
  responseMinutes: z.number(),
  /** resolution (办结) */
  resolveMinutes: z.number(),
  /** share of the resolve window after which a request turns yellow, then red */
  yellowAt: z.number(),
  redAt: z.number(),
  version: z.number(),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;

export const SlaPolicyList = z.object({ canEdit: z.boolean(), items: z.array(SlaPolicy) });
export type SlaPolicyList = z.infer<typeof SlaPolicyList>;

export const SlaPolicyParams = z.object({
  slaClass: SlaClass,
  urgency: z.enum(['normal', 'urgent', 'emergency']),
});

/** A policy row as edited; the server also checks yellowAt < redAt and response ≤ resolve (422 with a message). */
export const SlaPolicyBody = z.object({
  version: z.number().int().positive(),
  clock: SlaClock,
  responseMinutes: Minutes,
  resolveMinutes: Minutes,
  yellowAt: Share,
  redAt: Share,
});
export type SlaPolicyBody = z.infer<typeof SlaPolicyBody>;

/** One change to the calendar or the policies, newest first. */
export const CalendarChange = z.object({
  id: z.number(),
  at: z.string(),
  action: z.string(),
  entityId: z.string(),
  actorName: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
});
export const CalendarChangeList = z.object({ items: z.array(CalendarChange) });
export type CalendarChange = z.infer<typeof CalendarChange>;

/** Excel import of a year's calendar: a dry run shows what would change; commit replaces the year's days. */
export const CalendarImportResult = z.object({
  year: z.number(),
  committed: z.boolean(),
  added: z.number(),
  changed: z.number(),
  removed: z.number(),
  errors: z.array(ImportRowError),
});
export type CalendarImportResult = z.infer<typeof CalendarImportResult>;
