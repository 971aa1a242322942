import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../context';
import type { ScheduledJob } from '../jobs';
import { writeBackup } from './backup';

/** doorstep-20261122-030000.dsbak.gz (China Standard Time), sortable by name. */
export function backupFileName(tag = 'nightly', at = new Date()): string {
  const cst = new Date(at.getTime() + 8 * 3600_000).toISOString();
  const stamp = `${cst.slice(0, 10).replaceAll('-', '')}-${cst.slice(11, 19).replaceAll(':', '')}`;
  return `doorstep-${stamp}-${tag}.dsbak.gz`;
}

/** Keeps the newest `keep` nightly backups in `dir` and removes older ones (other backups are left alone). */
export function pruneBackups(dir: string, keep: number): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^doorstep-\d{8}-\d{6}-nightly\.dsbak\.gz$/.test(n));
  } catch {
    return [];
  }
  const old = names.sort().reverse().slice(Math.max(1, keep));
  for (const n of old) rmSync(join(dir, n), { force: true });
  return old;
}

/**
 * Nightly backups (embedded mode by default, or whenever BACKUP_HOUR is set): at BACKUP_HOUR (default 3) Beijing
 * time into DATA_DIR/backups (or BACKUP_DIR), keeping the newest BACKUP_KEEP (default 14).
 */
export function backupJob(ctx: AppContext, env = process.env): ScheduledJob | null {
  const embedded = !ctx.config.databaseUrl;
  if (!embedded && env.BACKUP_HOUR === undefined) return null;
  if (env.BACKUP_HOUR === 'off') return null;
  const hour = Number(env.BACKUP_HOUR ?? 3);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23)
    throw new Error(`BACKUP_HOUR must be 0–23 or off, got ${env.BACKUP_HOUR}`);
  const keep = Number(env.BACKUP_KEEP ?? 14);
  const dir = env.BACKUP_DIR ?? join(ctx.config.dataDir, 'backups');
  return {
    name: 'nightly-backup',
    cron: `0 ${hour} * * *`,
    run: async () => {
      const file = join(dir, backupFileName());
      const out = await writeBackup(ctx.pool, join(ctx.config.dataDir, 'files'), file);
      const removed = pruneBackups(dir, keep);
      ctx.log.info(
        { file, bytes: statSync(file).size, photos: out.files, removed },
        'nightly backup written',
      );
      return { file, removed };
    },
  };
}
