import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prng } from '@doorstep/server/demo/city';
import { loadCity } from '@doorstep/server/demo/load';
import { locateGrid } from '@doorstep/server/modules/areas/index';
import { startEmbedded } from '@doorstep/server/platform/db/embedded';
import { migrate } from '@doorstep/server/platform/db/migrate';
import { createPool } from '@doorstep/server/platform/db/pool';
import pino from 'pino';
import { cityAtScale, describeCity } from './lib/city';
import { report } from './lib/report';

/**
 * P1's routing step: point → grid among the city's polygons (bbox GiST prefilter + exact test), as a ratio
 * to `select 1` over the same pool, 20 concurrent callers. BENCH_SCALE=1 is the 30,000-grid megacity.
 */
export async function benchLocate(scale: number, seconds = 5) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-p1-'));
  chmodSync(dir, 0o711);
  const db = await startEmbedded(dir, pino({ level: 'warn' }));
  const pool = createPool(db.url, 20);
  try {
    await migrate(pool);
    const city = cityAtScale(scale);
    await pool.query("insert into districts (code, name) values ('990200', '基准市')");
    const t0 = Date.now();
    await loadCity(pool, '990200', city);
    const loadMs = Date.now() - t0;
    await pool.query('analyze areas');
    const grids = city.filter((n) => n.kind === 'grid');
    const rand = prng(7);
    const points = Array.from({ length: 5000 }, () => {
      const g = grids[Math.floor(rand() * grids.length)]!.geometry!;
      const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]![0])!;
      const [x0, y0] = ring[0]!;
      const [x1, y1] = ring[2]!;
      return [x0! + (x1! - x0!) * (0.1 + 0.8 * rand()), y0! + (y1! - y0!) * (0.1 + 0.8 * rand())] as const;
    });
    const run = async (fn: (i: number) => Promise<unknown>) => {
      let n = 0;
      const until = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (Date.now() < until) await fn(n++);
        }),
      );
      return n / seconds;
    };
    let misses = 0;
    const select1 = await run(() => pool.query('select 1'));
    const locate = await run(async (i) => {
      const [x, y] = points[i % points.length]!;
      if (!(await locateGrid(pool, x, y))) misses++;
    });
    if (misses) throw new Error(`${misses} points found no grid`);
    report(
      'P1',
      'grid-routing',
      locate / select1,
      `${Math.round(locate)} lookups/s vs select 1 ${Math.round(select1)}/s`,
      `${describeCity(city)}, loaded in ${(loadMs / 1000).toFixed(1)} s`,
    );
  } finally {
    await pool.end();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
