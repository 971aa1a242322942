import type { Role } from '@doorstep/contract';
import { forbidden } from '../http/errors';
import type { Actor, Scope } from './scopes';

/** What a role may do; where it may do it comes from the scope's area. */
export type Capability =
  | 'console' // open the staff console
  | 'area.view'
  | 'area.edit' // edit any node in scope
  | 'area.edit.minor' // edit compounds and buildings only (grid workers keep their grid's records)
  | 'area.structure' // create communities/grids, move, archive
  | 'area.assign' // assign grid workers (一格一员)
  | 'area.import'
  | 'party.view'
  | 'party.manage'
  | 'user.view'
  | 'audit.view'
  | 'request.view' // see requests in the area
  | 'request.triage' // dispatch (吹哨), verify, close, reject, merge, take in from other channels
  | 'calendar.view' // see the holiday calendar and deadline policies (only platform admins edit them)
  | 'records.view' // people, houses and addresses in the area, personal data masked
  | 'records.edit' // create and edit them (grid workers update records while visiting)
  | 'records.import' // roster import and export (masked)
  | 'records.manage' // extend the group tag list
  | 'records.unmask' // clear ID numbers and phones with a stated purpose (decision 0018)
  | 'ledger.view' // a community's accounts, entries and rules, and their export
  | 'ledger.award' // award units by a rule (the rule's approver role is checked too)
  | 'ledger.manage' // reverse entries, add and edit rules
  | 'participation.view' // wish moderation queue and figures, meeting attendance, list export
  | 'participation.manage' // moderate wishes, meetings, votes, resolutions, the three lists
  | 'activities.manage' // 社区学院 courses, rosters, check-in marks, volunteer teams and hours
  | 'patrols.manage' // 暗夜走访 plans and every patrol of the community
  | 'insights.view' // dashboards, data portrait, hot spots, the morning brief of the area
  | 'insights.brief' // run the brief, assign or dismiss its items, set up its delivery channels
  | 'insights.scoring'; // the street's morning-brief scoring (weights and thresholds)

const STAFF_BASE: Capability[] = [
  'console',
  'area.view',
  'area.edit',
  'area.edit.minor',
  'party.view',
  'user.view',
  'request.view',
  'request.triage',
  'records.view',
  'records.edit',
  'records.import',
  'ledger.view',
  'ledger.award',
  'participation.view',
  'participation.manage',
  'activities.manage',
  'patrols.manage',
  'insights.view',
];

/** The one table of role → capabilities. Later modules add their capabilities here. */
export const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  street_admin: [
    ...STAFF_BASE,
    'area.structure',
    'area.assign',
    'area.import',
    'party.manage',
    'audit.view',
    'calendar.view',
    'records.manage',
    'records.unmask',
    'ledger.manage',
    'insights.brief',
    'insights.scoring',
  ],
  community_secretary: [
    ...STAFF_BASE,
    'area.structure',
    'area.assign',
    'area.import',
    'party.manage',
    'audit.view',
    'calendar.view',
    'records.manage',
    'records.unmask',
    'ledger.manage',
    'insights.brief',
  ],
  community_staff: STAFF_BASE,
  grid_worker: [
    'console',
    'area.view',
    'area.edit.minor',
    'user.view',
    'request.view',
    'request.triage',
    'records.view',
    'records.edit',
    'insights.view',
  ],
  // responders (物业, 驻区单位…) work their whistles in the console's request workbench
  responder: ['console'],
  party_member: [],
  merchant: [],
  resident: [],
  platform_admin: [],
};

/** True when `path` is `ancestor` or lies under it (ltree paths, ids joined by '.'). */
export const isWithin = (path: string, ancestor: string) =>
  path === ancestor || path.startsWith(`${ancestor}.`);

export interface Target {
  tenantId: number;
  path: string;
}

/** Does the actor hold `cap` over `target` (or anywhere, when no target is given)? */
export function can(actor: Actor, cap: Capability, target?: Target): boolean {
  if (actor.isPlatformAdmin) return true;
  return actor.scopes.some(
    (s) =>
      ROLE_CAPABILITIES[s.role].includes(cap) &&
      (!target || (s.tenantId === target.tenantId && isWithin(target.path, s.path))),
  );
}

/**
 * Require `cap` over `target`: someone of the same street without the right gets 403, anyone else the same 404 as for
 * a thing that does not exist (other streets' ids are not disclosed).
 */
export function authorize(actor: Actor, cap: Capability, target: Target, missing: () => Error): void {
  if (can(actor, cap, target)) return;
  if (actor.scopes.some((s) => s.tenantId === target.tenantId)) throw forbidden();
  throw missing();
}

/** The scopes in which the actor holds `cap`: list queries filter by these paths. */
export function scopesWith(actor: Actor, cap: Capability): Scope[] {
  return actor.scopes.filter((s) => ROLE_CAPABILITIES[s.role].includes(cap));
}

/** The tenants an actor may touch, as a query filter: null (every tenant) for platform admins. */
export const tenantFilter = (actor: Actor): number[] | null =>
  actor.isPlatformAdmin ? null : tenantsOf(actor);

/** The tenants the actor can see anything in. */
export function tenantsOf(actor: Actor): number[] {
  return [...new Set(actor.scopes.map((s) => s.tenantId))];
}
