import type { Queryable } from '../../platform/db/tx';

export interface Notice {
  tenantId: number;
  userIds: string[];
  kind: string;
  audience: 'resident' | 'responder' | 'staff';
  text: { 'zh-CN': string; 'en-US': string };
  link?: string;
}

/**
 * One in-app message per user, in the caller's transaction. Waits for the notifications module's generic
 * `notify` (same signature); until it is merged this only counts the messages it would send.
 */
export async function notifyUsers(_db: Queryable, n: Notice): Promise<number> {
  return n.userIds.length;
}
