import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { boundaryViolations } from '../../scripts/module-boundaries.mjs';

describe('module boundaries', () => {
  it('hold in this repository', () => {
    expect(boundaryViolations(join(import.meta.dirname, '../..'))).toEqual([]);
  });

  it('catch a module reaching into another module, and platform code importing a module', () => {
    const root = mkdtempSync(join(tmpdir(), 'bounds-'));
    const put = (p: string, text: string) => {
      mkdirSync(join(root, p, '..'), { recursive: true });
      writeFileSync(join(root, p), text);
    };
    put('server/src/modules/a/index.ts', "export { x } from './a';");
    put('server/src/modules/a/a.ts', 'export const x = 1;');
    put('server/src/modules/b/ok.ts', "import { x } from '../a';\nimport { y } from '../a/index';");
    put('server/src/modules/b/bad.ts', "import { x } from '../a/a';");
    put('server/src/platform/p.ts', "import { x } from '../modules/a';");
    const v = boundaryViolations(root) as string[];
    expect(v).toHaveLength(2);
    expect(v.some((m) => m.includes('bad.ts'))).toBe(true);
    expect(v.some((m) => m.includes('platform/p.ts'))).toBe(true);
  });
});
