import { benchRoster } from './i1-roster';
import { benchLedger } from './l1-ledger';
import { benchOpen } from './o1-open';
import { benchLocate } from './p1-locate';
import { benchHealth } from './p2-health';
import { benchStart } from './p6-start';
import { benchWeb } from './p7-web';
import { benchInsights } from './p45-insights';
import { benchRequests } from './p123-requests';
import { benchCrash } from './r1-crash';
import { benchOverload } from './r8-overload';
import { benchSuggest } from './s1-suggest';

/** `npm run bench` runs every benchmark; `npm run bench -- P6` runs one. */
const BENCHES: Record<string, () => Promise<void>> = {
  P1: () => benchLocate(Number(process.env.BENCH_SCALE ?? 0.1), Number(process.env.BENCH_SECONDS ?? 5)),
  P6: () => benchStart(Number(process.env.BENCH_ROUNDS ?? 3)),
  P2: () => benchHealth(Number(process.env.BENCH_SECONDS ?? 5)),
  P7: async () => benchWeb(),
  // R1: kill -9 server and database during a write load, 20 rounds (issue 9)
  R1: () => benchCrash(Number(process.env.BENCH_ROUNDS ?? 20), Number(process.env.BENCH_WORKERS ?? 4)),
  // R8: far beyond capacity, 503 + Retry-After instead of timeouts (issue 9)
  R8: () =>
    benchOverload(
      Number(process.env.BENCH_CONNECTIONS ?? 10),
      Number(process.env.BENCH_OVERLOAD ?? 10),
      Number(process.env.BENCH_SECONDS ?? 5),
    ),
  // ledger transfers and balance reads against a bare INSERT (issue 4)
  L1: () => benchLedger(Number(process.env.BENCH_SECONDS ?? 5)),
  // a 50,000-row people roster import against a bare COPY of the same rows (issue 8)
  I1: () => benchRoster(Number(process.env.BENCH_ROWS ?? 50_000)),
  // the category suggester's macro-F1 on a labelled set (issue 3)
  S1: () => benchSuggest(),
  O1: () =>
    benchOpen(
      Number(process.env.BENCH_SCALE ?? 0.1),
      Number(process.env.BENCH_REQUESTS ?? 500_000),
      Number(process.env.BENCH_CALLS ?? 20),
    ),
  // P4 dashboard measures and P5 morning brief on one prepared database (issue 7)
  INSIGHTS: () =>
    benchInsights(
      Number(process.env.BENCH_SCALE ?? 0.1),
      Number(process.env.BENCH_REQUESTS ?? 500_000),
      Number(process.env.BENCH_CALLS ?? 20),
    ),
  // P1 intake, P2 read, P3 list share one prepared database: `npm run bench -- REQUESTS`
  REQUESTS: () =>
    benchRequests(
      Number(process.env.BENCH_SCALE ?? 0.1),
      Number(process.env.BENCH_REQUESTS ?? 500_000),
      Number(process.env.BENCH_SECONDS ?? 5),
    ),
};

const wanted = process.argv.slice(2).map((s) => s.toUpperCase());
const ids = wanted.length ? wanted : Object.keys(BENCHES);
for (const id of ids) {
  const bench = BENCHES[id];
  if (!bench) {
    console.error(`unknown benchmark ${id}; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  await bench();
}
