import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEmbeddedPostgres } from '@doorstep/server/platform/db/embedded';
import { freePort, startDoorstep, stop } from '../e2e/server';
import { report } from './lib/report';

/**
 * P6: fresh data directory → ready with the demo city (cold), and restart (warm), each as a ratio to bare
 * embedded PostgreSQL doing the same (initdb + start, resp. start) in the same run. Targets: < 20 s, < 3 s.
 */
export async function benchStart(rounds = 3) {
  const cold: number[] = [];
  const warm: number[] = [];
  const rawCold: number[] = [];
  const rawWarm: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-p6-'));
    const a = await startDoorstep({ dataDir: dir });
    cold.push(a.readyMs);
    await stop(a.proc);
    const b = await startDoorstep({ dataDir: dir });
    warm.push(b.readyMs);
    await stop(b.proc);
    rmSync(dir, { recursive: true, force: true });

    const raw = mkdtempSync(join(tmpdir(), 'bench-p6-raw-'));
    chmodSync(raw, 0o711); // PostgreSQL runs as 'postgres' when we are root
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const pg = new EmbeddedPostgres({
      databaseDir: join(raw, 'pg'),
      port: await freePort(),
      user: 'x',
      password: 'x',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
    });
    let t = Date.now();
    await pg.initialise();
    await pg.start();
    rawCold.push(Date.now() - t);
    await pg.stop();
    t = Date.now();
    await pg.start();
    rawWarm.push(Date.now() - t);
    await pg.stop();
    rmSync(raw, { recursive: true, force: true });
  }
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  report(
    'P6',
    'cold-start',
    med(cold) / med(rawCold),
    `${(med(cold) / 1000).toFixed(2)} s vs bare PostgreSQL initdb+start ${(med(rawCold) / 1000).toFixed(2)} s; target < 20 s`,
    'demo city: 1 street, 3 communities, 20 grids, 40 compounds, 160 buildings, 30 accounts',
  );
  report(
    'P6',
    'warm-start',
    med(warm) / med(rawWarm),
    `${(med(warm) / 1000).toFixed(2)} s vs bare PostgreSQL start ${(med(rawWarm) / 1000).toFixed(2)} s; target < 3 s`,
    `same data, median of ${rounds}`,
  );
}
