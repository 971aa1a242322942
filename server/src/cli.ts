import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { isEmpty, seedDemo } from './demo/seed';
import { BackupError, type Progress, restoreBackup, tableSums, writeBackup } from './platform/backup/backup';
import { backupFileName } from './platform/backup/schedule';
import { createPool } from './platform/db/pool';
import { startRuntime } from './platform/runtime';

const USAGE = `Doorstep 家门口 — operator commands / 运维命令

  npm run doorstep -- start                         start the server (same as npm start) / 启动服务
  npm run doorstep -- migrate                       apply database migrations / 执行数据库迁移
  npm run doorstep -- seed                          load the demo city into an empty database / 载入演示数据
  npm run doorstep -- backup [file]                 consistent backup of the database and photos / 备份
  npm run doorstep -- restore <file> [--force]      restore a backup (--force replaces existing data) / 恢复
  npm run doorstep -- move-to <postgres-url>        copy this installation to an external PostgreSQL and verify / 迁移到外部数据库
  npm run doorstep -- create-admin <phone> <name>   create a platform administrator / 创建平台管理员
  npm run doorstep -- rotate-pii-key                re-encrypt ID numbers and phones under a new key / 轮换个人信息密钥
  npm run doorstep -- openapi                       write docs/api/openapi.json
  npm run doorstep -- brief [YYYY-MM-DD]            make and send every community's morning brief now (default: yesterday) / 立即生成数据晨读

The database is embedded (DATA_DIR) unless DATABASE_URL is set. Stop the server before backup, restore or move-to
in embedded mode (the running server takes nightly backups itself: BACKUP_HOUR, BACKUP_KEEP).`;

const [command, ...args] = process.argv.slice(2);

/** Progress: one line rewritten in place on a terminal; one line per phase in a log. */
let lastPhase = '';
const progress: Progress = ({ phase, done, total, item }) => {
  const pct = total ? Math.round((done / total) * 100) : 100;
  const label = { tables: '数据表 tables', files: '照片 photos', done: '完成 done' }[phase] ?? phase;
  if (process.stdout.isTTY) {
    process.stdout.write(`\r${label} ${pct}% ${item ?? ''}`.padEnd(70));
    if (phase === 'done') process.stdout.write('\n');
  } else if (phase !== lastPhase) console.log(`${label}…`);
  lastPhase = phase;
};

function fail(zh: string, en: string): never {
  console.error(`✗ ${zh}\n  ${en}`);
  process.exit(1);
}

async function withRuntime<T>(fn: (rt: Awaited<ReturnType<typeof startRuntime>>) => Promise<T>): Promise<T> {
  let rt: Awaited<ReturnType<typeof startRuntime>>;
  try {
    rt = await startRuntime();
  } catch (err) {
    const m = (err as Error).message;
    if (/lock|running|in use/i.test(m))
      fail(
        `数据目录正被运行中的 Doorstep 使用：请先停止服务（Ctrl-C 或 systemctl stop doorstep）再执行 ${command}`,
        `The data directory is in use by a running Doorstep: stop it first (Ctrl-C or systemctl stop doorstep), then run ${command} again. (${m})`,
      );
    throw err;
  }
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

async function main() {
  switch (command) {
    case 'openapi': {
      const { writeFileSync, mkdirSync } = await import('node:fs');
      const { dirname } = await import('node:path');
      const { OPENAPI_FILE, openApiDocument } = await import('./openapi');
      mkdirSync(dirname(OPENAPI_FILE), { recursive: true });
      writeFileSync(OPENAPI_FILE, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
      console.log(`wrote ${OPENAPI_FILE}`);
      return;
    }
    case 'start':
      await import('./main');
      return;
    case 'brief':
      if (args[0] && !/^\d{4}-\d{2}-\d{2}$/.test(args[0]))
        fail('日期格式应为 YYYY-MM-DD', 'The day is YYYY-MM-DD');
      return withRuntime(async (rt) => {
        const { runAllBriefs } = await import('./modules/insights');
        const r = await runAllBriefs(rt.ctx.pool, args[0], (id, err) =>
          console.error(`社区 ${id} 晨读失败 / community ${id} failed:`, (err as Error).message),
        );
        console.log(
          `✓ 数据晨读 / morning brief: ${r.made} made, ${r.communities} communities, ${r.failed} failed`,
        );
      });
    case 'migrate':
      return withRuntime(async () => console.log('✓ 数据库迁移完成 / migrations up to date'));
    case 'seed':
      return withRuntime(async (rt) => {
        if (!(await isEmpty(rt.ctx.pool)))
          return console.log('数据库非空，未载入演示数据 / the database is not empty; demo not loaded');
        await seedDemo(rt.ctx.pool, rt.ctx.auth, rt.ctx.config.pii);
        console.log('✓ 演示数据已载入 / demo city loaded');
      });
    case 'backup':
      return withRuntime(async (rt) => {
        const file = resolve(args[0] ?? join(rt.ctx.config.dataDir, 'backups', backupFileName('manual')));
        const out = await writeBackup(rt.ctx.pool, join(rt.ctx.config.dataDir, 'files'), file, progress);
        const rows = Object.values(out.tables).reduce((s, x) => s + x.rows, 0);
        console.log(
          `✓ 备份完成 / backup written: ${file}\n  ${Object.keys(out.tables).length} tables, ${rows} rows, ${out.files} photos`,
        );
      });
    case 'restore': {
      const file = args.find((a) => !a.startsWith('--'));
      if (!file || !existsSync(file))
        fail(
          '请指定存在的备份文件：npm run doorstep -- restore <file>',
          'Give an existing backup file: npm run doorstep -- restore <file>',
        );
      return withRuntime(async (rt) => {
        const out = await restoreBackup(
          rt.ctx.pool,
          join(rt.ctx.config.dataDir, 'files'),
          resolve(file),
          { force: args.includes('--force') },
          progress,
        );
        console.log(
          `✓ 恢复完成并已核对每张表的行数与校验和 / restored and verified (every table's rows and checksum): backup of ${out.createdAt}`,
        );
      });
    }
    case 'move-to': {
      const target = args[0];
      if (!target || !/^postgres(ql)?:\/\//.test(target))
        fail(
          '请给出目标数据库地址：npm run doorstep -- move-to postgres://user:pass@host:5432/doorstep',
          'Give the target database: npm run doorstep -- move-to postgres://user:pass@host:5432/doorstep',
        );
      return withRuntime(async (rt) => {
        const dir = join(rt.ctx.config.dataDir, 'backups');
        const file = join(dir, backupFileName('move'));
        console.log('1/3 备份当前数据 / backing up this installation');
        await writeBackup(rt.ctx.pool, join(rt.ctx.config.dataDir, 'files'), file, progress);
        const targetPool = createPool(target, 3);
        try {
          await targetPool
            .query('select 1')
            .catch((err) =>
              fail(
                `无法连接目标数据库：${err.message}`,
                `Cannot connect to the target database: ${err.message}`,
              ),
            );
          console.log('2/3 恢复到目标数据库 / restoring into the target');
          await restoreBackup(targetPool, join(rt.ctx.config.dataDir, 'files'), file, {}, progress);
          console.log('3/3 核对行数与校验和 / comparing row counts and checksums');
          const [here, there] = await Promise.all([tableSums(rt.ctx.pool), tableSums(targetPool)]);
          const differ = Object.keys(here).filter(
            (t) => here[t]!.rows !== there[t]?.rows || here[t]!.checksum !== there[t]?.checksum,
          );
          if (differ.length)
            fail(`以下表不一致：${differ.join(', ')}`, `These tables differ: ${differ.join(', ')}`);
          const rows = Object.values(here).reduce((s, x) => s + x.rows, 0);
          console.log(
            `✓ 已迁移 ${Object.keys(here).length} 张表、${rows} 行，完全一致 / moved and verified: ${Object.keys(here).length} tables, ${rows} rows identical.\n` +
              `  下一步 / next: set DATABASE_URL=${target.replace(/:[^:@/]+@/, ':***@')} and start Doorstep; keep ${rt.ctx.config.dataDir}/files (photos).`,
          );
        } finally {
          await targetPool.end();
        }
      });
    }
    case 'create-admin': {
      const [phone, name] = args;
      if (!phone || !/^1\d{10}$/.test(phone) || !name)
        fail(
          '用法：npm run doorstep -- create-admin <11位手机号> <姓名>',
          'Usage: npm run doorstep -- create-admin <11-digit phone> <name>',
        );
      return withRuntime(async (rt) => {
        const { createPhoneAccount, hashPassword } = await import('./platform/auth/users');
        const password = process.env.ADMIN_PASSWORD ?? randomBytes(9).toString('base64url');
        const existing = await rt.ctx.pool.query('select id from "user" where "phoneNumber" = $1', [phone]);
        const id =
          existing.rows[0]?.id ??
          (await createPhoneAccount(rt.ctx.pool, {
            name,
            phone,
            passwordHash: await hashPassword(rt.ctx.auth, password),
          }));
        await rt.ctx.pool.query('insert into platform_admins (user_id) values ($1) on conflict do nothing', [
          id,
        ]);
        console.log(
          existing.rows[0]
            ? `✓ ${phone} 已是平台管理员（密码未改）/ ${phone} is now a platform admin (password unchanged)`
            : `✓ 平台管理员已创建 / platform admin created: ${phone} ${name}\n  初始密码 / initial password: ${password}\n  请登录后立即修改 / change it after the first sign-in`,
        );
      });
    }
    case 'rotate-pii-key':
      return withRuntime(async (rt) => {
        const { reencryptAll, rotateFileKey } = await import('./platform/pii-rotate');
        const show = (done: number, column: string) => progress({ phase: column, done, total: done });
        if (process.env.PII_KEY) {
          // keys from the environment: the operator has set the new PII_KEY and put the old one in PII_OLD_KEYS
          const counts = await reencryptAll(rt.ctx.pool, rt.ctx.config.pii, show);
          console.log(
            `\n✓ 已用新密钥 ${rt.ctx.config.pii.current.id} 重新加密 / re-encrypted under key ${rt.ctx.config.pii.current.id}: ${JSON.stringify(counts)}\n` +
              '  现在可从 PII_OLD_KEYS 中移除旧密钥（请与旧备份一同保管）/ now remove the old key from PII_OLD_KEYS (keep it with older backups)',
          );
        } else {
          const out = await rotateFileKey(rt.ctx.pool, rt.ctx.config.dataDir, rt.ctx.config.pii, show);
          console.log(
            `\n✓ 密钥已轮换 ${out.from} → ${out.to} / key rotated: ${JSON.stringify(out.counts)}\n` +
              `  旧密钥保存在 ${rt.ctx.config.dataDir}/pii-old-keys，仅用于恢复旧备份 / the old key is kept in pii-old-keys, only for restoring older backups.\n` +
              '  如有使用同一数据库的其他 Doorstep 进程，请重启 / restart any other Doorstep process using this database',
          );
        }
      });
    default:
      console.log(USAGE);
      process.exitCode = command ? 2 : 0;
  }
}

try {
  await main();
} catch (err) {
  if (err instanceof BackupError) fail(err.zh, err.en);
  if (err instanceof pg.DatabaseError) fail(`数据库错误：${err.message}`, `Database error: ${err.message}`);
  throw err;
}
