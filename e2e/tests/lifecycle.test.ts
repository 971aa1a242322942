import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDoorstep, stop } from '../server';

/** Doorstep handles SIGINT/SIGTERM itself: HTTP, pool, PostgreSQL closed in order, then exit code 0. */
const cleanExit = (code: number | null) => code === 0;

/** The embedded database platform: first start with demo data, lock, clean stop, restart after kill -9. */
describe('embedded PostgreSQL lifecycle', () => {
  it('starts, refuses a second Doorstep on the same data, stops cleanly, and restarts after kill -9', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-life-'));
    const first = await startDoorstep({ dataDir });
    expect(first.log()).toContain('loading the demo city');
    const health = await fetch(`${first.url}/ready`);
    expect(health.status).toBe(200);

    // a second process on the same DATA_DIR must fail fast with a clear message
    await expect(startDoorstep({ dataDir })).rejects.toThrow(
      /正被另一个 Doorstep 进程|in use by another Doorstep/,
    );

    expect(cleanExit(await stop(first.proc, 'SIGTERM'))).toBe(true);
    // clean stop: PostgreSQL shut down (its pid file removed) and the data directory unlocked
    expect(existsSync(join(dataDir, 'pg/postmaster.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'doorstep.lock'))).toBe(false);

    // warm start: data kept, no reseed
    const second = await startDoorstep({ dataDir });
    expect(second.log()).not.toContain('loading the demo city');
    const areas = await fetch(`${second.url}/api/areas/locate?lng=104.05&lat=30.61`);
    expect(areas.status).toBe(401); // alive and enforcing auth
    await stop(second.proc, 'SIGKILL'); // PostgreSQL child survives as an orphan, the lock file stays

    const third = await startDoorstep({ dataDir });
    expect(third.log()).toMatch(/stopping PostgreSQL left over|embedded PostgreSQL started/);
    const signIn = await fetch(`${third.url}/api/auth/sign-in/phone-number`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phoneNumber: '13800000001', password: 'demo1234' }),
    });
    expect(signIn.status).toBe(200);
    expect(cleanExit(await stop(third.proc, 'SIGINT'))).toBe(true);
    expect(existsSync(join(dataDir, 'pg/postmaster.pid'))).toBe(false);
  });
});
