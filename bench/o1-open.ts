import { benchServer } from './lib/bench-db';
import { report } from './lib/report';

const p95 = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.95)]!;

/**
 * O1 open data (decision 0029): a community's public page, anonymous. The first request computes the aggregates
 * (90 days of measures, examples, resolutions, projects, data use); the next ones come from the per-community cache.
 * p95 of the first request over `communities` generated communities against p95 of cached repeats — the same run's
 * reference. Also the CSV from the cache.
 */
export async function benchOpen(scale: number, requests: number, communities: number) {
  // the anonymous per-IP limit would answer 429 to a load generator on one address
  process.env.OPEN_DATA_RATE_LIMIT = '100000000';
  const s = await benchServer({ scale, requests });
  try {
    const { rows } = await s.pool.query(
      `select code from areas where kind = 'community' and code like '990200%' order by code limit $1`,
      [communities],
    );
    const get = async (path: string) => {
      const t = performance.now();
      const res = await fetch(`${s.url}${path}`);
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      return performance.now() - t;
    };
    const cold: number[] = [];
    const warm: number[] = [];
    const csv: number[] = [];
    for (const r of rows) {
      cold.push(await get(`/api/open/communities/${r.code}`));
      for (let i = 0; i < 5; i++) warm.push(await get(`/api/open/communities/${r.code}`));
      csv.push(await get(`/api/open/communities/${r.code}/data.csv`));
    }
    report(
      'O1',
      'public page: computed vs cached',
      p95(cold) / p95(warm),
      `p95 ${p95(cold).toFixed(0)} ms computed, ${p95(warm).toFixed(1)} ms cached, CSV ${p95(csv).toFixed(1)} ms; ${rows.length} communities`,
      s.size,
    );
  } finally {
    await s.close();
  }
}
