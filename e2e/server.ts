import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export interface Running {
  url: string;
  proc: ChildProcess;
  log: () => string;
  /** ms from spawn to "ready" */
  readyMs: number;
}

/** Starts `tsx server/src/main.ts` (what `npm start` runs) with its own DATA_DIR and port; resolves when ready. */
export async function startDoorstep(
  opts: { dataDir?: string; port?: number; env?: Record<string, string> } = {},
): Promise<Running> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'doorstep-e2e-'));
  const port = opts.port ?? (await freePort());
  const started = Date.now();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(ROOT, 'server'),
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // no event-loop shedding in browser tests: under-pressure counts a sample window without a measurement (a
      // CPU-starved CI machine) as an infinite delay and would answer 503 at random; the pool-queue signal stays
      MAX_EVENT_LOOP_DELAY_MS: '0',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 90 s:\n${out}`)), 90_000);
    const check = () => {
      if (out.includes('DOORSTEP_READY')) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${out}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, proc, log: () => out, readyMs: Date.now() - started };
}

/** Sends a signal and waits for the process to exit; returns its exit code. */
export function stop(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    // a process killed by a signal has no exit code, only a signal code
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode);
    proc.once('exit', (code) => resolve(code));
    proc.kill(signal);
  });
}
