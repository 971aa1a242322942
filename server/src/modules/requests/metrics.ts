import { COUNT_CAP, type DbGauge, samples } from '../../platform/http/metrics';

// the open requests whose deadline still runs: the partial index requests_open_due (0008) holds exactly these
const OPEN = "status not in ('handled', 'verified', 'closed')";

/** What an operator alerts on in the requests module (read through the platform's cached /metrics). */
export const requestGauges: DbGauge[] = [
  {
    name: 'doorstep_requests_overdue',
    help: `Open requests past their resolve deadline, all streets (counted up to ${COUNT_CAP})`,
    read: async (db) =>
      samples(
        await db.query(
          `select count(*)::int as value from (select 1 from requests
            where ${OPEN} and resolve_due_at < now() limit ${COUNT_CAP}) x`,
        ),
      ),
  },
  {
    name: 'doorstep_requests_warnings',
    help: `Open requests by deadline warning: yellow (half the window gone), red (escalated), breached (counted up to ${COUNT_CAP})`,
    labelNames: ['level'],
    read: async (db) =>
      samples(
        await db.query(
          `select l.level, count(x.warning)::int as value
             from unnest(array['yellow', 'red', 'breached']) as l (level)
             left join (select warning from requests where ${OPEN} and warning is not null limit ${COUNT_CAP}) x
               on x.warning = l.level
            group by l.level`,
        ),
      ),
  },
];
