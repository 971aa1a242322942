import type { Queryable } from '../../platform/db/tx';
import { notify } from '../notifications';

/** In-app messages (the notifications module's inbox), written in the caller's transaction. */
export const notifyUsers = (db: Queryable, n: Parameters<typeof notify>[1]) => notify(db, n);
