import { startDoorstep, stop } from '../e2e/server';
import { rate } from './lib/http';
import { report } from './lib/report';

/**
 * P2's reference: the bare GET /health rate of this server, and an authenticated read (GET /api/areas/:id with
 * session, scopes and policy) as a ratio to it — the same ratio P2 sets for reading a request (≥ 0.2).
 */
export async function benchHealth(seconds = 5) {
  const s = await startDoorstep();
  try {
    await rate(`${s.url}/health`, { seconds: 1 }); // warm-up
    const health = await rate(`${s.url}/health`, { seconds });
    const signIn = await fetch(`${s.url}/api/auth/sign-in/phone-number`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phoneNumber: '13800000001', password: 'demo1234' }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const grid = (await (
      await fetch(`${s.url}/api/areas/search?q=第1网格`, { headers: { cookie } })
    ).json()) as { items: { id: number }[] };
    const url = `${s.url}/api/areas/${grid.items[0]?.id}`;
    await rate(url, { seconds: 1, headers: { cookie } });
    const area = await rate(url, { seconds, headers: { cookie } });
    report(
      'P2',
      'health-reference',
      1,
      `${Math.round(health.rps)} req/s, p99 ${health.p99} ms`,
      `GET /health, 20 connections, ${seconds} s`,
    );
    report(
      'P2',
      'area-detail',
      area.rps / health.rps,
      `${Math.round(area.rps)} req/s, p99 ${area.p99} ms`,
      `GET /api/areas/:id with session + scopes + policy, 20 connections, ${seconds} s`,
    );
  } finally {
    await stop(s.proc);
  }
}
