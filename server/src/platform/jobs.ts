import PgBoss from 'pg-boss';
import type { Logger } from 'pino';

export interface ScheduledJob {
  name: string;
  /** cron in Asia/Shanghai */
  cron: string;
  run: () => Promise<unknown>;
}

/**
 * The job queue (pg-boss 10, in its own `pgboss` schema of the same database): every module's scheduled jobs,
 * cron times in Asia/Shanghai. Started by `npm start` only (JOBS=false turns it off); tests call the jobs directly.
 */
export async function startJobs(
  url: string,
  jobs: ScheduledJob[],
  log: Logger,
): Promise<{ stop(): Promise<void> }> {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 3 });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.name);
    await boss.schedule(job.name, job.cron, {}, { tz: 'Asia/Shanghai' });
    await boss.work(job.name, async () => {
      const result = await job.run();
      log.debug({ job: job.name, result }, 'job done');
    });
  }
  log.info({ jobs: jobs.map((j) => j.name) }, 'scheduled jobs started');
  return { stop: () => boss.stop({ graceful: true, timeout: 5000 }) };
}
