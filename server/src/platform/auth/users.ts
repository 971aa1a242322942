import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/tx';
import { type Auth, tempEmailFor } from './auth';

/** Hashes a password with the auth library's own scheme (scrypt), so sign-in verifies it. */
export async function hashPassword(auth: Auth, password: string): Promise<string> {
  return (await auth.$context).password.hash(password);
}

/**
 * Creates a phone account with a credential (password) login, as better-auth's sign-up would.
 * Used by the demo seed and the admin CLI; residents sign up themselves through the phone OTP.
 */
export async function createPhoneAccount(
  db: Queryable,
  u: { name: string; phone: string; passwordHash: string },
): Promise<string> {
  const id = randomUUID().replaceAll('-', '');
  await db.query(
    `insert into "user" (id, name, email, "emailVerified", "phoneNumber", "phoneNumberVerified", "createdAt", "updatedAt")
     values ($1, $2, $3, false, $4, true, now(), now())`,
    [id, u.name, tempEmailFor(u.phone), u.phone],
  );
  await db.query(
    `insert into account (id, "accountId", "providerId", "userId", password, "createdAt", "updatedAt")
     values ($1, $2, 'credential', $2, $3, now(), now())`,
    [randomUUID().replaceAll('-', ''), id, u.passwordHash],
  );
  return id;
}
