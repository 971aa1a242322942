import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Held while a Doorstep process owns a data directory; released on exit, stale after kill -9. */
export interface DataDirLock {
  release(): void;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes DATA_DIR/doorstep.lock exclusively; a lock whose process is gone is taken over. */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = join(dataDir, 'doorstep.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `数据目录 ${dataDir} 正被另一个 Doorstep 进程 (pid ${holder}) 使用 / ` +
            `The data directory ${dataDir} is in use by another Doorstep (pid ${holder}). ` +
            'Stop it first, or start this one with another DATA_DIR.',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${file}`);
}

function readHolder(file: string): number | undefined {
  try {
    return Number(JSON.parse(readFileSync(file, 'utf8')).pid) || undefined;
  } catch {
    return undefined;
  }
}

export { isAlive };
