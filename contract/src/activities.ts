import { z } from 'zod';
import { Id, Phone } from './common';

/**
 * 社区学院 (PRODUCT.md "Activities and the community college"): courses with a one-off or weekly schedule, sessions
 * with a capacity, sign-ups with a waiting list that moves up on a cancel, check-in by code, attendance figures;
 * volunteer teams and hours credited to the time bank once staff approve them.
 */
const Text = (min: number, max: number) => z.string().trim().min(min).max(max);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date');
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time');

export const SignupStatus = z.enum(['confirmed', 'waitlisted', 'cancelled']);
export type SignupStatus = z.infer<typeof SignupStatus>;

export const Course = z.object({
  id: z.number(),
  communityId: z.number(),
  communityName: z.string(),
  series: z.string(),
  title: z.string(),
  description: z.string(),
  place: z.string(),
  organiser: z.string(),
  capacity: z.number(),
  ageMin: z.number().nullable(),
  ageMax: z.number().nullable(),
  audienceTags: z.array(z.string()),
  repeat: z.enum(['once', 'weekly']),
  firstDate: z.string(),
  lastDate: z.string(),
  startTime: z.string(),
  minutes: z.number(),
  sessions: z.number(),
  /** the next session still to come, if any */
  nextStartsAt: z.string().nullable(),
});
export type Course = z.infer<typeof Course>;
export const CourseList = z.object({ items: z.array(Course) });
export const CoursesQuery = z.object({ communityId: Id.optional() });

export const CourseBody = z
  .object({
    communityId: Id,
    series: Text(1, 30),
    title: Text(1, 60),
    description: z.string().trim().max(1000).default(''),
    place: Text(1, 100),
    organiser: Text(1, 50),
    capacity: z.number().int().min(1).max(1000),
    ageMin: z.number().int().min(0).max(120).nullable().default(null),
    ageMax: z.number().int().min(0).max(120).nullable().default(null),
    audienceTags: z.array(Text(1, 20)).max(10).default([]),
    repeat: z.enum(['once', 'weekly']),
    /** the first session's day (its weekday is the weekly day), in China time */
    firstDate: Day,
    /** weekly only: the last day sessions may fall on (at most a year on) */
    lastDate: Day.optional(),
    startTime: Clock,
    minutes: z.number().int().min(10).max(720),
  })
  .refine((b) => b.ageMin === null || b.ageMax === null || b.ageMin <= b.ageMax, {
    message: 'age range',
    path: ['ageMax'],
  });
export type CourseBody = z.infer<typeof CourseBody>;

export const Session = z.object({
  id: z.number(),
  courseId: z.number(),
  communityId: z.number(),
  series: z.string(),
  title: z.string(),
  place: z.string(),
  organiser: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  seatsTaken: z.number(),
  waiting: z.number(),
  cancelled: z.boolean(),
  /** the caller's own sign-up on this session */
  mine: z
    .object({ id: z.number(), status: SignupStatus, position: z.number().nullable(), checkedIn: z.boolean() })
    .nullable(),
});
export type Session = z.infer<typeof Session>;
export const SessionList = z.object({ items: z.array(Session) });
export const SessionsQuery = z.object({
  communityId: Id.optional(),
  courseId: Id.optional(),
  /** include sessions that have ended (staff's course page) */
  past: z.enum(['true', 'false']).default('false'),
});

/** One's sign-up: confirmed, or waitlisted at a position (1 = next to move up). */
export const Signup = z.object({
  id: z.number(),
  sessionId: z.number(),
  status: SignupStatus,
  position: z.number().nullable(),
  checkedIn: z.boolean(),
});
export type Signup = z.infer<typeof Signup>;

export const RosterEntry = z.object({
  id: z.number(),
  name: z.string(),
  phone: z.string().nullable(),
  status: SignupStatus,
  position: z.number().nullable(),
  queuedAt: z.string(),
  checkedInAt: z.string().nullable(),
  markedBy: z.string().nullable(),
});
export const Roster = z.object({
  session: Session,
  /** what the organiser's QR code carries */
  checkinCode: z.string(),
  items: z.array(RosterEntry),
});

export const CheckinBody = z.object({
  /** the code shown by the organiser, or the whole scanned URL (…?code=XXXXXX) */
  code: z
    .string()
    .trim()
    .min(6)
    .max(300)
    .transform((s) => (/[?&]code=([A-Za-z0-9]{6})/.exec(s)?.[1] ?? s).toUpperCase()),
});

export const ActivityFiguresQuery = z.object({ communityId: Id });
export const ActivityFigures = z.object({
  sessionsHeld: z.number(),
  signups: z.number(),
  attended: z.number(),
  /** attended ÷ confirmed sign-ups of the sessions held; null before any */
  attendanceRate: z.number().nullable(),
  peopleReached: z.number(),
  byCourse: z.array(
    z.object({
      courseId: z.number(),
      title: z.string(),
      sessionsHeld: z.number(),
      attended: z.number(),
      attendanceRate: z.number().nullable(),
    }),
  ),
  /** distinct attendees per group tag of their person record (from the basic records) */
  byTag: z.array(z.object({ tag: z.string(), people: z.number() })),
});

// ——— volunteers ———
export const VolunteerTeam = z.object({
  id: z.number(),
  communityId: z.number(),
  name: z.string(),
  description: z.string(),
  leaderName: z.string().nullable(),
  members: z.number(),
  approvedMinutes: z.number(),
  joined: z.boolean(),
});
export const VolunteerTeamList = z.object({ items: z.array(VolunteerTeam) });
export const VolunteerTeamBody = z.object({
  communityId: Id,
  name: Text(1, 50),
  description: z.string().trim().max(500).default(''),
  leaderPhone: Phone.optional(),
});
export const JoinTeamBody = z.object({
  skills: z.array(Text(1, 20)).max(10).default([]),
  availability: z.string().trim().max(100).default(''),
});
export const VolunteerMember = z.object({
  userId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  skills: z.array(z.string()),
  availability: z.string(),
  approvedMinutes: z.number(),
});
export const VolunteerMemberList = z.object({ items: z.array(VolunteerMember) });

export const HoursStatus = z.enum(['recorded', 'approved', 'rejected']);
export const HoursBody = z
  .object({
    teamId: Id,
    phone: Phone,
    event: Text(1, 100),
    /** on site: arrival and departure, travel excluded (ISO instants) */
    startedAt: z.string().datetime({ offset: true }),
    endedAt: z.string().datetime({ offset: true }),
  })
  .refine((b) => Date.parse(b.endedAt) > Date.parse(b.startedAt), { message: 'order', path: ['endedAt'] });
export const HoursRecord = z.object({
  id: z.number(),
  teamId: z.number(),
  teamName: z.string(),
  volunteerName: z.string(),
  event: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  minutes: z.number(),
  status: HoursStatus,
  recordedBy: z.string(),
  decidedBy: z.string().nullable(),
  reason: z.string().nullable(),
  entryId: z.number().nullable(),
});
export type HoursRecord = z.infer<typeof HoursRecord>;
export const HoursList = z.object({ items: z.array(HoursRecord) });
export const HoursQuery = z.object({ communityId: Id, status: HoursStatus.optional() });
export const DecideHoursBody = z.object({
  approve: z.boolean(),
  reason: z.string().trim().max(200).optional(),
});
/** A volunteer's own record: teams, hours, and the approved total (the certificate's figure). */
export const MyVolunteering = z.object({
  name: z.string(),
  teams: z.array(z.object({ id: z.number(), name: z.string(), communityName: z.string() })),
  hours: z.array(HoursRecord),
  approvedMinutes: z.number(),
  since: z.string().nullable(),
});
export type MyVolunteering = z.infer<typeof MyVolunteering>;

// ——— 党员: report-in, posts and their counted work ———
export const PartyReport = z.object({
  id: z.number(),
  name: z.string(),
  phone: z.string().nullable(),
  branchId: z.number(),
  branchName: z.string(),
  workplaceBranch: z.string(),
  commitment: z.string(),
  status: z.enum(['pending', 'confirmed']),
  confirmedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type PartyReport = z.infer<typeof PartyReport>;
export const PartyReportList = z.object({ items: z.array(PartyReport) });
export const PartyReportBody = z.object({
  branchId: Id,
  workplaceBranch: Text(1, 100),
  commitment: Text(2, 500),
});
export const PartyWorkKind = z.enum(['visit', 'opinion', 'solved', 'mediated']);
export const PartyPost = z.object({
  id: z.number(),
  communityId: z.number(),
  kind: z.enum(['pioneer_post', 'duty_area']),
  name: z.string(),
  memberName: z.string(),
  dutyAreaName: z.string().nullable(),
  counts: z.object({ visit: z.number(), opinion: z.number(), solved: z.number(), mediated: z.number() }),
});
export type PartyPost = z.infer<typeof PartyPost>;
export const PartyPostList = z.object({ items: z.array(PartyPost) });
export const PartyPostBody = z.object({
  communityId: Id,
  kind: z.enum(['pioneer_post', 'duty_area']),
  name: Text(1, 50),
  memberPhone: Phone,
  dutyAreaId: Id.optional(),
});
export const PartyWorkBody = z.object({
  kind: PartyWorkKind,
  count: z.number().int().min(1).max(1000).default(1),
  note: z.string().trim().max(200).default(''),
  /** China-time day; today when omitted */
  day: Day.optional(),
});
/** My report-in (null before it) and the branches I may register with (those over where I live). */
export const MyPartyReport = z.object({
  report: PartyReport.nullable(),
  branches: z.array(z.object({ id: z.number(), name: z.string() })),
  posts: z.array(PartyPost),
});

// ——— 兴趣链 ———
export const InterestProduct = z.object({
  id: z.number(),
  title: z.string(),
  quantity: z.number(),
  unit: z.string(),
  requests: z.array(z.object({ id: z.number(), publicNo: z.string(), status: z.string() })),
  at: z.string(),
});
export const InterestGroup = z.object({
  id: z.number(),
  communityId: z.number(),
  name: z.string(),
  description: z.string(),
  leaderName: z.string().nullable(),
  members: z.number(),
  /** members who reported in as party members */
  partyMembers: z.number(),
  joined: z.boolean(),
  products: z.array(InterestProduct),
});
export type InterestGroup = z.infer<typeof InterestGroup>;
export const InterestGroupList = z.object({ items: z.array(InterestGroup) });
export const InterestGroupBody = z.object({
  communityId: Id,
  name: Text(1, 30),
  description: z.string().trim().max(300).default(''),
  leaderPhone: Phone.optional(),
});
export const InterestProductBody = z.object({
  title: Text(1, 100),
  quantity: z.number().int().min(1).max(100000),
  unit: Text(1, 10),
  requestIds: z.array(Id).max(200).default([]),
});
