import type { RequestAction } from '@doorstep/contract';
import { can } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { actionsFrom } from './lifecycle';
import type { RequestRow, WhistleRow } from './requests.queries';

/** How the actor stands to one request: staff over its area, reporter, or a member of a whistled responder. */
export interface Standing {
  staff: boolean;
  viewer: boolean;
  reporter: boolean;
  leadResponder: boolean;
  /** any whistle not withdrawn (a responder who returned it still sees the outcome) */
  responder: boolean;
  /** a whistle still pending or being worked on: may comment */
  liveResponder: boolean;
  /** a resident who said "me too" (我也遇到): follows the public timeline, acts on nothing */
  follower: boolean;
}

export function standingOf(
  actor: Actor,
  r: RequestRow,
  whistles: WhistleRow[],
  orgs: number[],
  following = false,
): Standing {
  const target = r.area_path ? { tenantId: r.tenant_id, path: r.area_path } : undefined;
  const staff = target ? can(actor, 'request.triage', target) : actor.isPlatformAdmin;
  const viewer = target ? can(actor, 'request.view', target) : actor.isPlatformAdmin;
  const live = whistles.filter((w) => w.status === 'pending' || w.status === 'accepted');
  return {
    staff,
    viewer,
    reporter: r.reporter_user_id === actor.userId,
    leadResponder: live.some((w) => w.role === 'lead' && orgs.includes(w.org_id)),
    // a withdrawn (reassigned) whistle no longer opens the request to that organisation
    responder: whistles.some((w) => w.status !== 'cancelled' && orgs.includes(w.org_id)),
    liveResponder: live.some((w) => orgs.includes(w.org_id)),
    follower: following,
  };
}

export const canViewRequest = (s: Standing) => s.viewer || s.reporter || s.responder || s.follower;

const STAFF_ACTIONS: RequestAction[] = [
  'dispatch',
  'reassign',
  'answer',
  'verify',
  'rework',
  'handle',
  'reopen',
  'close',
  'reject',
  'merge',
];
const RESPONDER_ACTIONS: RequestAction[] = ['accept', 'return', 'start', 'handle'];

/** The actions this actor may take now: their role's actions, cut to what the state machine allows. */
export function allowedActions(s: Standing, r: RequestRow): RequestAction[] {
  const mine = new Set<RequestAction>();
  if (s.staff) for (const a of STAFF_ACTIONS) mine.add(a);
  if (s.leadResponder) for (const a of RESPONDER_ACTIONS) mine.add(a);
  if (s.reporter && !r.closed_reason) mine.add('rate');
  return actionsFrom(r.status).filter((a) => mine.has(a));
}

export const canComment = (s: Standing, r: RequestRow) =>
  r.status !== 'closed' && (s.staff || s.reporter || s.responder);
