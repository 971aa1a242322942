import type { Queryable } from '../../platform/db/tx';

/**
 * In-app messages for non-request events. The notifications module's generic `notify` lands in main later; until
 * this branch is merged with it, the brief is seen on the console's 数据晨读 screen and this writes nothing.
 */
export async function notifyUsers(
  _db: Queryable,
  n: {
    tenantId: number;
    userIds: string[];
    kind: string;
    audience: 'resident' | 'responder' | 'staff';
    text: { 'zh-CN': string; 'en-US': string };
    link?: string;
  },
): Promise<number> {
  return n.userIds.length * 0;
}
