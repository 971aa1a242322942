import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadCity } from '@doorstep/server/demo/load';
import { runPersonImport } from '@doorstep/server/modules/records/index';
import { startEmbedded } from '@doorstep/server/platform/db/embedded';
import { migrate } from '@doorstep/server/platform/db/migrate';
import { createPool } from '@doorstep/server/platform/db/pool';
import { createImportJob } from '@doorstep/server/platform/imports/jobs';
import { readTableFile } from '@doorstep/server/platform/imports/table-file';
import { idCheckChar, loadPiiKeys } from '@doorstep/server/platform/pii';
import { from as copyFrom } from 'pg-copy-streams';
import pino from 'pino';
import { cityAtScale } from './lib/city';
import { report } from './lib/report';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁';
const GIVEN = ['建国', '秀英', '志强', '丽华', '伟', '桂兰', '海涛', '晓燕', '子轩', '欣怡', '立新', '淑珍'];
const TAGS = ['', '', '', '', '独居老人', '全职妈妈', '夜间上班族', '退役军人', '独居老人、残疾人'];

/** `rows` roster lines (CSV, the template's columns) over the buildings of one community: every ID valid and unique. */
function rosterCsv(rows: number, buildings: { compound: string; building: string }[]) {
  const lines = ['姓名,性别,身份证号,联系电话,户籍/居住状态,小区,楼栋,单元,房号,标签'];
  for (let i = 0; i < rows; i++) {
    const year = 1940 + (i % 65);
    const day = `${year}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    // sequence 000–999 within one birth day: i / 780 (the day cycle) keeps (day, sequence) unique for 780,000 rows
    const first17 = `990200${day}${String(Math.floor(i / 780) % 1000).padStart(3, '0')}`;
    const b = buildings[i % buildings.length]!;
    lines.push(
      [
        `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`,
        Number(first17[16]) % 2 ? '男' : '女',
        first17 + idCheckChar(first17),
        `139${String(10_000_000 + i).padStart(8, '0')}`,
        ['户籍', '常住', '租住', '流动'][i % 4],
        b.compound,
        b.building,
        String(1 + (i % 6)),
        String(100 * (1 + (i % 20)) + 1 + (Math.floor(i / 1000) % 4)),
        TAGS[i % TAGS.length],
      ].join(','),
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

/**
 * I1 (issue 8): a 50,000-row people roster imported all-or-nothing (read CSV → check every row → encrypt ID numbers
 * and phones → write people, addresses and tags in one transaction), as rows per second against a bare COPY of the
 * same CSV into a scratch table of text columns in the same run; peak RSS above the baseline while importing.
 */
export async function benchRoster(rows = 50_000) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-i1-'));
  chmodSync(dir, 0o711);
  const db = await startEmbedded(dir, pino({ level: 'warn' }));
  const pool = createPool(db.url, 10);
  try {
    await migrate(pool);
    await pool.query("insert into districts (code, name) values ('990200', '基准市')");
    await loadCity(pool, '990200', cityAtScale(0.001));
    const c = (
      await pool.query(
        `select tenant_id, id, path::text as path from areas where kind = 'community' order by id limit 1`,
      )
    ).rows[0];
    const tenantId = Number(c.tenant_id);
    const { rows: bs } = await pool.query(
      `select b.name as building, k.name as compound from areas b join areas k on k.tenant_id = b.tenant_id and k.id = b.parent_id
        where b.tenant_id = $1 and b.kind = 'building' and b.path <@ $2::ltree order by b.id`,
      [tenantId, c.path],
    );
    const csv = rosterCsv(rows, bs);
    await pool.query(
      `insert into "user" (id, name, email, "emailVerified") values ('bench', '基准', 'bench@example.invalid', true)`,
    );
    const actor = { userId: 'bench', name: '基准', phone: null, isPlatformAdmin: true, scopes: [] };
    const keys = loadPiiKeys(
      {
        PII_KEY: Buffer.alloc(32, 7).toString('base64'),
        PII_LOOKUP_KEY: Buffer.alloc(32, 9).toString('base64'),
      },
      dir,
    );

    // reference: the same bytes COPYed into a scratch table of text columns, one transaction
    await pool.query(
      'create table bench_roster (name text, gender text, id_number text, phone text, residence text, compound text, building text, unit text, room text, tags text)',
    );
    const client = await pool.connect();
    let copySeconds: number;
    try {
      const t0 = performance.now();
      await client.query('begin');
      await pipeline(
        Readable.from([csv.subarray(csv.indexOf('\n') + 1)]),
        client.query(copyFrom('copy bench_roster from stdin (format csv)')),
      );
      await client.query('commit');
      copySeconds = (performance.now() - t0) / 1000;
    } finally {
      client.release();
    }
    const copied = (await pool.query('select count(*)::int as n from bench_roster')).rows[0].n;
    if (copied !== rows) throw new Error(`COPY wrote ${copied} of ${rows} rows`);

    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const t0 = performance.now();
    const sheet = await readTableFile(csv);
    const id = await createImportJob(pool, {
      tenantId,
      kind: 'people',
      fileName: 'bench.csv',
      mode: 'all_or_nothing',
      total: sheet.rows.length,
      userId: 'bench',
    });
    await runPersonImport(
      pool,
      keys,
      actor,
      { tenantId, id, mode: 'all_or_nothing', root: { id: Number(c.id), path: c.path } },
      sheet.rows,
    );
    const importSeconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const job = (
      await pool.query('select status, ok_count, error_count, errors from import_jobs where id = $1', [id])
    ).rows[0];
    const people = (
      await pool.query('select count(*)::int as n from people where tenant_id = $1', [tenantId])
    ).rows[0].n;
    if (job.status !== 'done' || job.error_count !== 0 || people !== rows)
      throw new Error(
        `import incomplete: ${JSON.stringify({ ...job, errors: job.errors.slice(0, 3), people })}`,
      );
    const importRate = rows / importSeconds;
    const copyRate = rows / copySeconds;
    const size = `${rows.toLocaleString('en')} rows, ${(csv.length / 1024 / 1024).toFixed(1)} MB CSV, all-or-nothing`;
    report(
      'I1',
      'roster-import',
      importRate / copyRate,
      `${Math.round(importRate)} rows/s vs COPY ${Math.round(copyRate)} rows/s`,
      size,
    );
    report(
      'I1',
      'roster-import-peak-rss',
      (peak - base) / csv.length,
      `${Math.round((peak - base) / 1024 / 1024)} MB above baseline, ratio to file size`,
      size,
    );
  } finally {
    await pool.end();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
