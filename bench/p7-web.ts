import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../e2e/server';
import { report } from './lib/report';

interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}

/** P7: first-load JS (entry + its static imports, gzipped) of the H5 and the console, against their budgets. */
export function benchWeb() {
  const dist = process.env.WEB_DIST ?? join(ROOT, 'web/dist');
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    Chunk
  >;
  /** An entry, its static imports, and the lazy chunks the first screen loads (matched by source path). */
  const firstLoad = (entry: string, firstScreen?: RegExp) => {
    const seen = new Set<string>();
    const walk = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      const chunk = manifest[key];
      for (const i of chunk?.imports ?? []) walk(i);
      for (const d of chunk?.dynamicImports ?? []) if (firstScreen?.test(d)) walk(d);
    };
    walk(entry);
    const bytes = [...seen].reduce(
      (sum, k) => sum + gzipSync(readFileSync(join(dist, manifest[k]!.file))).length,
      0,
    );
    return { bytes, chunks: seen.size };
  };
  const h5 = firstLoad('h5/index.html');
  // the console's first route after sign-in is the area tree with its map
  const console_ = firstLoad('index.html', /areas\/(AreasPage|AreaMap)/);
  report(
    'P7',
    'h5-first-load',
    h5.bytes / (200 * 1024),
    `${(h5.bytes / 1024).toFixed(1)} KB gzipped JS of a 200 KB budget`,
    `${h5.chunks} chunks`,
  );
  report(
    'P7',
    'console-first-route',
    console_.bytes / (600 * 1024),
    `${(console_.bytes / 1024).toFixed(1)} KB gzipped JS of a 600 KB budget`,
    `${console_.chunks} chunks: shell + area tree + map`,
  );
}
