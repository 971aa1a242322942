import { ApiError, api } from '../../app/api';

/** One state change waiting to reach the server; the key makes a resend harmless (the server applies it once). */
export interface QueuedEdit {
  key: string;
  id: number;
  version: number;
  state: string;
  note?: string;
  at: string;
}

const STORE = 'ds-patrol-queue';

export const readQueue = (): QueuedEdit[] => {
  try {
    return JSON.parse(localStorage.getItem(STORE) ?? '[]') as QueuedEdit[];
  } catch {
    return [];
  }
};
const writeQueue = (q: QueuedEdit[]) => localStorage.setItem(STORE, JSON.stringify(q));

const newKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

/** Queues a change (a newer change of the same thing, not yet sent, replaces the older one). */
export function enqueue(edit: Omit<QueuedEdit, 'key' | 'at'>) {
  const q = readQueue().filter((e) => e.id !== edit.id);
  q.push({ ...edit, key: newKey(), at: new Date().toISOString() });
  writeQueue(q);
}

/**
 * Sends the queue in order. Network failures keep the edit for the next try; the server's answer (done, or refused
 * — e.g. someone else changed the thing meanwhile) removes it. Returns what was refused, for the worker to see.
 */
export async function flush(): Promise<{ sent: number; refused: { edit: QueuedEdit; message: string }[] }> {
  let sent = 0;
  const refused: { edit: QueuedEdit; message: string }[] = [];
  for (const edit of readQueue()) {
    try {
      await api(`/api/records/things/${edit.id}`, {
        method: 'PATCH',
        headers: { 'idempotency-key': edit.key },
        json: { version: edit.version, state: edit.state, ...(edit.note ? { note: edit.note } : {}) },
      });
      sent++;
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 0 || e.status >= 500) break; // offline: keep it and the rest
      refused.push({ edit, message: e.userMessage });
    }
    writeQueue(readQueue().filter((x) => x.key !== edit.key));
  }
  return { sent, refused };
}
