import { isEmpty, seedDemo } from './demo/seed';
import { startRuntime } from './platform/runtime';

/** Operator commands: `migrate`, `seed` (the demo city into an empty database), `openapi` (write docs/api). */
const [command] = process.argv.slice(2);
if (command === 'openapi') {
  const { writeFileSync, mkdirSync } = await import('node:fs');
  const { dirname } = await import('node:path');
  const { OPENAPI_FILE, openApiDocument } = await import('./openapi');
  mkdirSync(dirname(OPENAPI_FILE), { recursive: true });
  writeFileSync(OPENAPI_FILE, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
  console.log(`wrote ${OPENAPI_FILE}`);
  process.exit(0);
}
const rt = await startRuntime();
try {
  if (command === 'migrate') console.log('migrations up to date / 数据库迁移完成');
  else if (command === 'seed') {
    if (await isEmpty(rt.ctx.pool)) {
      await seedDemo(rt.ctx.pool, rt.ctx.auth);
      console.log('demo city loaded / 演示数据已载入');
    } else console.log('database not empty; demo not loaded / 数据库非空，未载入演示数据');
  } else {
    console.error('usage: tsx src/cli.ts migrate|seed|openapi');
    process.exitCode = 2;
  }
} finally {
  await rt.close();
}
