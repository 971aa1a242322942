// `npm start` builds the web app only when its sources are newer than the last build.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'web/dist/.build-stamp');
const newest = (p) => {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((n) => newest(join(p, n))));
};
const sources = ['web/src', 'web/index.html', 'web/h5/index.html', 'web/vite.config.ts', 'contract/src'].map(
  (p) => join(root, p),
);
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (Math.max(...sources.map(newest)) > built) {
  console.log('building the web app (console + H5)… / 正在构建前端…');
  execSync('npm -w web run build', { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, new Date().toISOString());
} else console.log('web app is up to date / 前端已是最新');
