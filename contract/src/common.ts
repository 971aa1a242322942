import { z } from 'zod';

/** Numeric id in a path or query string. */
export const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const IdParams = z.object({ id: Id });

/** RFC 9457 problem+json body every error response carries. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  messages: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }),
  errors: z.unknown().optional(),
  instance: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Ok = z.object({ ok: z.literal(true) });

/** Mainland mobile number. */
export const Phone = z.string().regex(/^1[3-9]\d{9}$/, 'phone');

/** A WGS-84 polygon or multipolygon as GeoJSON geometry. */
const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const Ring = z.array(Position).min(4).max(20000);
export const PolygonGeometry = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1).max(100) }),
  z.object({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(Ring).min(1).max(100)).min(1).max(100),
  }),
]);
export type PolygonGeometry = z.infer<typeof PolygonGeometry>;

/** One entry of an entity's audit trail (who changed what, when). */
export const AuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
});
export const AuditList = z.object({ items: z.array(AuditEntry) });
