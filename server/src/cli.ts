import { isEmpty, seedDemo } from './demo/seed';
import { startRuntime } from './platform/runtime';

/** Operator commands: `migrate` (migrations only) and `seed` (the demo city into an empty database). */
const [command] = process.argv.slice(2);
const rt = await startRuntime();
try {
  if (command === 'migrate') console.log('migrations up to date / 数据库迁移完成');
  else if (command === 'seed') {
    if (await isEmpty(rt.ctx.pool)) {
      await seedDemo(rt.ctx.pool, rt.ctx.auth);
      console.log('demo city loaded / 演示数据已载入');
    } else console.log('database not empty; demo not loaded / 数据库非空，未载入演示数据');
  } else {
    console.error('usage: tsx src/cli.ts migrate|seed');
    process.exitCode = 2;
  }
} finally {
  await rt.close();
}
