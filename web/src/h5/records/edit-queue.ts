/**
 * The grid worker's offline edit queue (decision 0031), shared by 部件巡查 and 入户走访: an edit is kept on the
 * phone first, sent in order with an Idempotency-Key (so a resend after a lost answer is applied once), retried
 * with backoff while there is no signal, and never dropped silently: a version conflict keeps the edit with the
 * server's value beside it until the worker retries it on top of that value or discards it.
 * No imports here: the page binds it to localStorage and the API (queue.ts); tests bind it to fakes.
 */
export type EditKind = 'thing' | 'person' | 'house';
export type EditStatus = 'waiting' | 'conflict' | 'refused';

export interface QueuedEdit {
  key: string;
  kind: EditKind;
  id: number;
  /** the record's version the worker saw */
  version: number;
  /** what the worker recognises it by: a name, an address, a 部件 code */
  label: string;
  /** the changed fields, as sent (without the version) */
  body: Record<string, unknown>;
  at: string;
  tries: number;
  /** epoch ms before which it is not sent again (backoff) */
  nextAt: number;
  status: EditStatus;
  /** the server's message when refused or in conflict */
  message?: string;
  /** the record as the server has it now (on a conflict) */
  server?: Record<string, unknown>;
}

export interface QueueDeps {
  storage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
  /** sends one edit; throws an error with `status` (0 = no network) when it does not succeed */
  send: (edit: QueuedEdit) => Promise<unknown>;
  /** the record as the server has it now */
  current: (edit: QueuedEdit) => Promise<Record<string, unknown>>;
  now?: () => number;
  newKey?: () => string;
}

export const STORE = 'ds-edit-queue';
/** the 部件巡查 queue before it was shared: read once, then moved into STORE */
export const OLD_STORE = 'ds-patrol-queue';
const FIRST_DELAY = 2_000;
const MAX_DELAY = 5 * 60_000;

/** 2 s, 4 s, 8 s … at most 5 minutes between tries. */
export const backoff = (tries: number) => Math.min(FIRST_DELAY * 2 ** Math.max(0, tries - 1), MAX_DELAY);

const randomKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

interface Failure {
  status: number;
  code?: string;
  message: string;
}
const failure = (e: unknown): Failure => {
  const x = e as {
    status?: number;
    problem?: { code?: string } | null;
    userMessage?: string;
    message?: string;
  };
  return {
    status: typeof x?.status === 'number' ? x.status : 0,
    code: x?.problem?.code,
    message: x?.userMessage ?? x?.message ?? '',
  };
};
/** no answer, or the server could not answer: try again later */
const transient = (f: Failure) => f.status === 0 || f.status === 408 || f.status === 429 || f.status >= 500;

export function createEditQueue(deps: QueueDeps) {
  const now = deps.now ?? Date.now;
  const newKey = deps.newKey ?? randomKey;

  const read = (): QueuedEdit[] => {
    try {
      const q = JSON.parse(deps.storage.getItem(STORE) ?? '[]') as QueuedEdit[];
      const old = JSON.parse(deps.storage.getItem(OLD_STORE) ?? '[]') as {
        key: string;
        id: number;
        version: number;
        state: string;
        note?: string;
        at: string;
      }[];
      if (!old.length) return q;
      const moved = old.map(
        (o): QueuedEdit => ({
          key: o.key,
          kind: 'thing',
          id: o.id,
          version: o.version,
          label: '',
          body: { state: o.state, ...(o.note ? { note: o.note } : {}) },
          at: o.at,
          tries: 0,
          nextAt: 0,
          status: 'waiting',
        }),
      );
      const all = [...moved, ...q];
      deps.storage.setItem(STORE, JSON.stringify(all));
      deps.storage.setItem(OLD_STORE, '[]');
      return all;
    } catch {
      return [];
    }
  };
  const write = (q: QueuedEdit[]) => deps.storage.setItem(STORE, JSON.stringify(q));
  const update = (key: string, change: Partial<QueuedEdit>) =>
    write(read().map((e) => (e.key === key ? { ...e, ...change } : e)));

  /** Queues an edit; a newer edit of the same record replaces one not yet sent (the form showed the queued values). */
  function enqueue(edit: Pick<QueuedEdit, 'kind' | 'id' | 'version' | 'label' | 'body'>): QueuedEdit {
    const item: QueuedEdit = {
      ...edit,
      key: newKey(),
      at: new Date(now()).toISOString(),
      tries: 0,
      nextAt: 0,
      status: 'waiting',
    };
    write([...read().filter((e) => !(e.kind === edit.kind && e.id === edit.id)), item]);
    return item;
  }

  /**
   * Sends what is due, in order. No network: the edit waits (backoff) and so do the ones after it. Applied: it
   * leaves the queue. A version conflict: it stays, marked, with the server's value. Refused otherwise: it stays,
   * with the message. `now`: the phone just came online, so the backoff is skipped. Returns what happened.
   */
  async function flush(opts: { now?: boolean } = {}) {
    let sent = 0;
    const conflicts: QueuedEdit[] = [];
    const refused: QueuedEdit[] = [];
    for (const edit of read()) {
      if (edit.status !== 'waiting' || (!opts.now && edit.nextAt > now())) continue;
      try {
        await deps.send(edit);
        sent++;
        write(read().filter((x) => x.key !== edit.key));
      } catch (e) {
        const f = failure(e);
        if (transient(f)) {
          const tries = edit.tries + 1;
          update(edit.key, { tries, nextAt: now() + backoff(tries) });
          break;
        }
        if (f.status === 409 && f.code === 'VERSION_CONFLICT') {
          let server: Record<string, unknown> | undefined;
          try {
            server = await deps.current(edit);
          } catch {
            server = undefined; // shown without the server's value; retry fetches it again
          }
          const marked = { ...edit, status: 'conflict' as const, message: f.message, server };
          update(edit.key, marked);
          conflicts.push(marked);
        } else {
          const marked = { ...edit, status: 'refused' as const, message: f.message };
          update(edit.key, marked);
          refused.push(marked);
        }
      }
    }
    return { sent, conflicts, refused };
  }

  /**
   * Sends an edit again now: after a conflict on top of the server's version (the worker chose their value), after a
   * refusal as it is. A new key: the refused attempt stored none.
   */
  async function retry(key: string) {
    const edit = read().find((e) => e.key === key);
    if (!edit) return;
    let version = edit.version;
    if (edit.status === 'conflict') {
      const server = edit.server ?? (await deps.current(edit).catch(() => undefined));
      if (typeof server?.version === 'number') version = server.version;
    }
    update(key, {
      key: newKey(),
      version,
      status: 'waiting',
      tries: 0,
      nextAt: 0,
      message: undefined,
      server: undefined,
    });
  }

  const discard = (key: string) => write(read().filter((e) => e.key !== key));

  return { read, enqueue, flush, retry, discard };
}
export type EditQueue = ReturnType<typeof createEditQueue>;
