import type { Actor } from './scopes';

/**
 * Who a session is, for a few seconds: checking the session with better-auth and loading the role scopes
 * costs two queries and ~1 ms of CPU per request, the largest share of a simple read. Cleared in this process
 * on sign-out and whenever roles or areas change; another instance sees a change within TTL_MS.
 */
const TTL_MS = 15_000;
const MAX = 50_000;
const entries = new Map<string, { actor: Actor; until: number }>();

export function cachedActor(sessionKey: string): Actor | undefined {
  const hit = entries.get(sessionKey);
  if (!hit) return undefined;
  if (hit.until < Date.now()) {
    entries.delete(sessionKey);
    return undefined;
  }
  return hit.actor;
}

export function rememberActor(sessionKey: string, actor: Actor, sessionExpiresAt: Date) {
  if (entries.size >= MAX) entries.clear();
  entries.set(sessionKey, { actor, until: Math.min(Date.now() + TTL_MS, sessionExpiresAt.getTime()) });
}

export function forgetSession(sessionKey: string) {
  entries.delete(sessionKey);
}

/** Roles or areas changed: every cached actor may be stale. */
export function invalidateActors() {
  entries.clear();
}
