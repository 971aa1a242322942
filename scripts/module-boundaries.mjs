// Modules import each other only through their index.ts; platform code never imports a module;
// the console and the H5 never import each other. Used by `npm run check` and by a server test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name)) yield p;
  }
}

/** Returns one message per import that crosses a boundary it should not. */
export function boundaryViolations(root) {
  const out = [];
  const server = resolve(root, 'server/src');
  const modules = join(server, 'modules');
  const web = resolve(root, 'web/src');
  const check = (base, rule) => {
    let exists = true;
    try {
      statSync(base);
    } catch {
      exists = false;
    }
    if (!exists) return;
    for (const file of files(base)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT_RE)) {
        const spec = m[1] ?? m[2];
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        const problem = rule(file, target);
        if (problem) out.push(`${relative(root, file)}: imports '${spec}' — ${problem}`);
      }
    }
  };
  const moduleOf = (p) => (p.startsWith(modules + sep) ? relative(modules, p).split(sep)[0] : null);
  check(server, (file, target) => {
    const from = moduleOf(file);
    const to = moduleOf(target);
    if (!to || to === from) return null;
    const inside = relative(join(modules, to), target);
    return inside === '' || inside === 'index' || inside === 'index.ts'
      ? null
      : `reach module '${to}' only through its index.ts`;
  });
  check(join(server, 'platform'), (_file, target) =>
    moduleOf(target) ? 'platform code must not depend on a module' : null,
  );
  check(join(web, 'console'), (_f, target) =>
    target.startsWith(join(web, 'h5')) ? 'the console must not import the H5' : null,
  );
  check(join(web, 'h5'), (_f, target) =>
    target.startsWith(join(web, 'console')) || target.startsWith(join(web, 'ui'))
      ? 'the H5 must not import console code'
      : null,
  );
  return out;
}
