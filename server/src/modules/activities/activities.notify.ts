import type { Queryable } from '../../platform/db/tx';
import { type Notice, notify } from '../notifications';

/** One in-app message per user in the caller's transaction (the notifications module's generic notify). */
export const notifyUsers = (db: Queryable, n: Notice): Promise<number> => notify(db, n);
