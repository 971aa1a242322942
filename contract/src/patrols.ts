import { z } from 'zod';
import { Id, Phone } from './common';

/**
 * 暗夜走访 (PRODUCT.md "Patrols"): a plan names a team of three (the community secretary, a grid worker, the property
 * manager), a time window and the places to visit; a patrol under it checks in at places with location and photo,
 * files what it finds as requests (channel patrol) and closes with a summary.
 */
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'time');

export const PatrolMember = z.object({ userId: z.string(), name: z.string() });
export const PatrolPlan = z.object({
  id: z.number(),
  communityId: z.number(),
  communityName: z.string(),
  name: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  secretary: PatrolMember,
  gridWorker: PatrolMember,
  property: PatrolMember,
  places: z.array(z.string()),
  /** the patrol under way, if one is */
  openPatrolId: z.number().nullable(),
  patrols: z.number(),
});
export type PatrolPlan = z.infer<typeof PatrolPlan>;
export const PatrolPlanList = z.object({ items: z.array(PatrolPlan) });
export const PatrolPlansQuery = z.object({ communityId: Id.optional() });
export const PatrolPlanBody = z.object({
  communityId: Id,
  name: z.string().trim().min(1).max(50),
  windowStart: Clock,
  windowEnd: Clock,
  secretaryPhone: Phone,
  gridWorkerPhone: Phone,
  propertyPhone: Phone,
  places: z.array(z.string().trim().min(1).max(100)).min(1).max(30),
});

export const PatrolCheckin = z.object({
  id: z.number(),
  place: z.string(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  photo: z.string().nullable(),
  note: z.string(),
  requestId: z.number().nullable(),
  requestNo: z.string().nullable(),
  by: z.string(),
  at: z.string(),
});
export const Patrol = z.object({
  id: z.number(),
  planId: z.number(),
  planName: z.string(),
  communityName: z.string(),
  places: z.array(z.string()),
  startedAt: z.string(),
  startedBy: z.string(),
  closedAt: z.string().nullable(),
  summary: z.string().nullable(),
  checkins: z.array(PatrolCheckin),
});
export type Patrol = z.infer<typeof Patrol>;
export const PatrolList = z.object({ items: z.array(Patrol) });
export const PatrolsQuery = z.object({ communityId: Id });

export const PatrolCheckinBody = z.object({
  place: z.string().trim().min(1).max(100),
  lng: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  photo: z
    .string()
    .regex(/^[a-f0-9]{64}$/, 'photo')
    .optional(),
  note: z.string().trim().max(500).default(''),
  /** a problem found here: filed as a request (channel patrol) at the check-in's place */
  finding: z
    .object({
      description: z.string().trim().min(2).max(2000),
      categoryCode: z.string().max(60).optional(),
    })
    .optional(),
});
export const ClosePatrolBody = z.object({ summary: z.string().trim().min(2).max(1000) });
