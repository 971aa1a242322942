import autocannon from 'autocannon';

/** Requests per second for one URL over `seconds`, with `connections` concurrent clients. */
export async function rate(
  url: string,
  opts: { seconds?: number; connections?: number; headers?: Record<string, string> } = {},
) {
  const result = await autocannon({
    url,
    duration: opts.seconds ?? 5,
    connections: opts.connections ?? 20,
    headers: opts.headers,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}
