import pg from 'pg';

// bigint ids and counts come back as strings by default; ours stay below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric as number
pg.types.setTypeParser(1700, (v) => Number(v));

/** One pool per process; every module reaches the database through it. */
export function createPool(url: string, max = 20): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'doorstep' });
  pool.on('error', () => {}); // idle client errors (e.g. database restart) surface on the next query
  return pool;
}
