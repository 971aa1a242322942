import { describe, expect, it } from 'vitest';
import { backoff, createEditQueue, OLD_STORE, type QueuedEdit, STORE } from './edit-queue';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
};
const httpError = (status: number, code?: string) =>
  Object.assign(new Error(code ?? `HTTP ${status}`), { status, problem: code ? { code } : null });

/** A fake server: one person at a version, applying each key once, offline on demand. */
function fakeServer() {
  const state = { offline: false, version: 3, phone: '139****0000', applied: 0, keys: new Set<string>() };
  const send = async (e: QueuedEdit) => {
    if (state.offline) throw httpError(0);
    if (state.keys.has(e.key)) return;
    if (e.version !== state.version) throw httpError(409, 'VERSION_CONFLICT');
    state.keys.add(e.key);
    state.applied++;
    state.version++;
    if (typeof e.body.phone === 'string') state.phone = e.body.phone;
  };
  const current = async () => ({ version: state.version, phone: state.phone });
  return { state, send, current };
}

describe('the shared offline edit queue', () => {
  it('keeps an edit while offline, backs off, and sends it once when back online', async () => {
    let clock = 1_000_000;
    const storage = memory();
    const s = fakeServer();
    const q = createEditQueue({ storage, send: s.send, current: s.current, now: () => clock });
    q.enqueue({ kind: 'person', id: 7, version: 3, label: '张三', body: { phone: '13912345678' } });
    s.state.offline = true;
    expect((await q.flush()).sent).toBe(0);
    expect(q.read()[0]).toMatchObject({ tries: 1, nextAt: clock + 2_000, status: 'waiting' });
    // not due yet: nothing is sent even when the network is back
    s.state.offline = false;
    clock += 1_000;
    expect((await q.flush()).sent).toBe(0);
    // … unless the phone says it is back online
    expect((await q.flush({ now: true })).sent).toBe(1);
    expect(q.read()).toEqual([]);
    expect(s.state).toMatchObject({ applied: 1, version: 4, phone: '13912345678' });
    // it survives a reload: the queue lives in storage
    expect(JSON.parse(storage.getItem(STORE)!)).toEqual([]);
  });

  it('a resend after a lost answer is applied once (same Idempotency-Key)', async () => {
    const s = fakeServer();
    let clock = 1_000_000;
    let lose = true;
    const keys: string[] = [];
    const q = createEditQueue({
      storage: memory(),
      current: s.current,
      send: async (e) => {
        keys.push(e.key);
        await s.send(e);
        if (lose) {
          lose = false;
          throw httpError(0); // applied, but the answer never arrived
        }
      },
      now: () => clock,
    });
    q.enqueue({ kind: 'person', id: 7, version: 3, label: '张三', body: { phone: '13912345678' } });
    expect((await q.flush()).sent).toBe(0);
    expect(q.read()).toHaveLength(1);
    clock += backoff(1);
    expect((await q.flush()).sent).toBe(1);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect(s.state.applied).toBe(1);
    expect(q.read()).toEqual([]);
  });

  it('a version conflict keeps the edit, with the server’s value; retry applies it on top, discard drops it', async () => {
    const s = fakeServer();
    const q = createEditQueue({ storage: memory(), send: s.send, current: s.current });
    q.enqueue({ kind: 'person', id: 7, version: 3, label: '张三', body: { phone: '13912345678' } });
    s.state.version = 4; // someone else saved meanwhile
    s.state.phone = '137****1111';
    const r = await q.flush();
    expect(r.conflicts).toHaveLength(1);
    const [c] = q.read();
    expect(c).toMatchObject({ status: 'conflict', server: { version: 4, phone: '137****1111' } });
    expect(c!.body).toEqual({ phone: '13912345678' }); // nothing typed is lost
    // a conflict is not sent again by itself
    expect((await q.flush()).sent).toBe(0);
    await q.retry(c!.key);
    expect(q.read()[0]).toMatchObject({ status: 'waiting', version: 4 });
    expect((await q.flush()).sent).toBe(1);
    expect(s.state).toMatchObject({ version: 5, phone: '13912345678', applied: 1 });

    q.enqueue({ kind: 'person', id: 7, version: 1, label: '张三', body: { phone: '13900000000' } });
    await q.flush();
    q.discard(q.read()[0]!.key);
    expect(q.read()).toEqual([]);
  });

  it('a refusal (e.g. out of the grid) stays with its message; a newer edit of the same record replaces a waiting one', async () => {
    const q = createEditQueue({
      storage: memory(),
      send: async () => {
        throw Object.assign(httpError(404, 'NOT_FOUND'), { userMessage: '人员不存在' });
      },
      current: async () => ({}),
    });
    q.enqueue({ kind: 'house', id: 1, version: 1, label: '1栋101', body: { use: 'rented' } });
    q.enqueue({ kind: 'house', id: 1, version: 1, label: '1栋101', body: { use: 'vacant' } });
    q.enqueue({ kind: 'thing', id: 1, version: 1, label: '路灯', body: { state: 'damaged' } });
    expect(q.read().map((e) => e.body)).toEqual([{ use: 'vacant' }, { state: 'damaged' }]);
    const r = await q.flush();
    expect(r.refused).toHaveLength(2);
    expect(q.read()[0]).toMatchObject({ status: 'refused', message: '人员不存在' });
  });

  it('moves the old 部件巡查 queue into the shared one', () => {
    const storage = memory();
    storage.setItem(
      OLD_STORE,
      JSON.stringify([{ key: 'k-12345678', id: 5, version: 2, state: 'lost', at: 'x' }]),
    );
    const q = createEditQueue({ storage, send: async () => undefined, current: async () => ({}) });
    expect(q.read()).toEqual([
      expect.objectContaining({ key: 'k-12345678', kind: 'thing', id: 5, body: { state: 'lost' } }),
    ]);
    expect(storage.getItem(OLD_STORE)).toBe('[]');
  });

  it('backs off 2 s, 4 s, 8 s … up to 5 minutes', () => {
    expect([1, 2, 3, 10, 20].map(backoff)).toEqual([2_000, 4_000, 8_000, 300_000, 300_000]);
  });
});
