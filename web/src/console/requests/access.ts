import type { Me } from '@doorstep/contract';

/** Roles that look after areas: they take in, dispatch and verify requests (the server's request.triage). */
const STAFF_ROLES = new Set(['grid_worker', 'community_staff', 'community_secretary', 'street_admin']);

export const isRequestStaff = (me: Me) => me.isPlatformAdmin || me.roles.some((r) => STAFF_ROLES.has(r.role));
export const isResponder = (me: Me) => me.roles.some((r) => r.role === 'responder');
/** A responder with no area of their own (物业, 驻区单位…): the console is their requests workbench. */
export const isResponderOnly = (me: Me) => isResponder(me) && !isRequestStaff(me);
