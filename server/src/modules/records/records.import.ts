import type { ImportMode, ImportRowError, Residence } from '@doorstep/contract';
import type pg from 'pg';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import { inTx, type Queryable } from '../../platform/db/tx';
import { finishImportJob, reportProgress } from '../../platform/imports/jobs';
import { checkIdNumber, encrypt, lookupHash, normalisePhone, type PiiKeys } from '../../platform/pii';
import { maskIdNumber, maskPhone } from '../../platform/privacy';
import { type Mapping, missingFields, picker } from './records.roster';
import { pinyinOf } from './records.search';

/** Header aliases: the names communities' own 台账 use, mapped to ours. */
export const PERSON_COLUMNS = {
  name: ['姓名', '名字', '居民姓名', 'name'],
  gender: ['性别', 'gender'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '证件号码', 'id_number', 'idnumber'],
  phone: ['联系电话', '手机号', '手机号码', '电话', 'phone'],
  birthDate: ['出生日期', '出生年月', 'birth_date', 'birthdate'],
  residence: ['户籍/居住状态', '居住状态', '户籍状态', '人员类型', '居住类型', 'residence'],
  compound: ['小区', '小区名称', 'compound'],
  building: ['楼栋', '楼号', '楼栋号', 'building'],
  unit: ['单元', '单元号', 'unit'],
  room: ['房号', '门牌号', '室', '房间号', 'room'],
  tags: ['标签', '人群标签', '人员类别', '特殊人群', 'tags'],
  note: ['备注', 'note'],
} as const;
type Field = keyof typeof PERSON_COLUMNS;

/** The template's columns (first alias of each field) in the order staff fill them. */
export const TEMPLATE_HEADERS = Object.values(PERSON_COLUMNS).map((a) => a[0]);

/** The required columns no header (or the user's mapping) provides. */
export const missingColumns = (headers: string[], mapping: Mapping = {}) =>
  missingFields(PERSON_COLUMNS, ['name', 'building'], headers, mapping);

const RESIDENCE: Record<string, Residence> = {
  户籍: 'household',
  户籍人口: 'household',
  本地户籍: 'household',
  常住: 'permanent',
  常住人口: 'permanent',
  租住: 'tenant',
  租户: 'tenant',
  租房: 'tenant',
  流动: 'floating',
  流动人口: 'floating',
  household: 'household',
  permanent: 'permanent',
  tenant: 'tenant',
  floating: 'floating',
};
export const RESIDENCE_ZH: Record<Residence, string> = {
  household: '户籍',
  permanent: '常住',
  tenant: '租住',
  floating: '流动',
};

/**
 * Dates as rosters write them: 1990-01-02, 1990/1/2, 1990.1.2, 19900102, 1990年1月2日, an Excel date cell
 * (read as an ISO timestamp) or an Excel serial day number. Returns YYYY-MM-DD or null.
 */
export function parseDay(raw: string): string | null {
  const v = raw.trim();
  let m =
    v.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/) ?? v.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (!m && /^\d{4,5}(\.\d+)?$/.test(v)) {
    // Excel serial day (1900 date system, with its fictitious 29 Feb 1900)
    const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(v)) * 86_400_000);
    m = [
      v,
      String(d.getUTCFullYear()),
      String(d.getUTCMonth() + 1),
      String(d.getUTCDate()),
    ] as RegExpMatchArray;
  }
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || date.getTime() > Date.now())
    return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Error rows keep the original values, with ID numbers and phones masked (the job row is stored): the columns named
 * or mapped as such, and any value that looks like one wherever it stands.
 */
export function shown(values: Record<string, string>, mapping: Mapping = {}) {
  const out: Record<string, string> = {};
  const is = (field: 'idNumber' | 'phone', k: string) =>
    mapping[field] === k || PERSON_COLUMNS[field].some((a) => a.toLowerCase() === k.trim().toLowerCase());
  for (const [k, v] of Object.entries(values)) {
    if (is('idNumber', k) || /^\d{15}(\d{2}[\dXx])?$/.test(v.trim())) out[k] = maskIdNumber(v) ?? '';
    else if (is('phone', k) || /^\+?(86)?1[3-9]\d{9}$/.test(v.replace(/[\s-]/g, '')))
      out[k] = maskPhone(v) ?? '';
    else out[k] = v;
  }
  return out;
}

/** Rows written per statement (addresses, people, tags) inside the import's one transaction. */
const BATCH = 1000;

const addressKey = (g: { buildingId: number; unit: string; room: string }) =>
  `${g.buildingId}/${g.unit}/${g.room}`;

/** The batch's standard addresses: created when missing, then every one's id, in two statements. */
async function ensureAddresses(db: Queryable, tenantId: number, batch: Good[]) {
  const keys = new Map(batch.map((g) => [addressKey(g), g]));
  const list = [...keys.values()];
  const cols = [list.map((g) => g.buildingId), list.map((g) => g.unit), list.map((g) => g.room)];
  await db.query(
    `insert into addresses (tenant_id, building_id, unit, room)
     select $1, b, u, r from unnest($2::bigint[], $3::text[], $4::text[]) as x (b, u, r)
     on conflict (tenant_id, building_id, unit, room) do nothing`,
    [tenantId, ...cols],
  );
  const { rows } = await db.query(
    `select ad.id, ad.building_id, ad.unit, ad.room from addresses ad
       join unnest($2::bigint[], $3::text[], $4::text[]) as x (b, u, r) on ad.building_id = x.b and ad.unit = x.u and ad.room = x.r
      where ad.tenant_id = $1`,
    [tenantId, ...cols],
  );
  return new Map(
    rows.map((r) => [
      addressKey({ buildingId: Number(r.building_id), unit: r.unit, room: r.room }),
      Number(r.id),
    ]),
  );
}

export interface ImportTarget {
  tenantId: number;
  id: number;
  mode: ImportMode;
  /** the community or grid the file's buildings are under */
  root: { id: number; path: string };
}

interface Good {
  row: number;
  name: string;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  idNumber: string | null;
  phone: string | null;
  residence: Residence;
  buildingId: number;
  unit: string;
  room: string;
  tagIds: number[];
  note: string;
}

const nameOfBuilding = (v: string) => (/^\d+$/.test(v) ? `${v}栋` : v);

/** Checks every row (nothing is written on a dry run or when all-or-nothing meets an error), then commits. */
export async function runPersonImport(
  pool: pg.Pool,
  keys: PiiKeys,
  actor: Actor,
  job: ImportTarget,
  rows: { row: number; values: Record<string, string> }[],
  mapping: Mapping = {},
) {
  const pick = picker(PERSON_COLUMNS, mapping);
  try {
    const errors: ImportRowError[] = [];
    const fail = (
      row: number,
      values: Record<string, string>,
      field: string | null,
      code: string,
      zh: string,
      en: string,
    ) =>
      errors.push({
        row,
        field,
        code,
        message: { 'zh-CN': zh, 'en-US': en },
        values: shown(values, mapping),
      });
    const { rows: buildings } = await pool.query(
      `select b.id, b.name, k.name as compound from areas b left join areas k on k.tenant_id = b.tenant_id and k.id = b.parent_id
        where b.tenant_id = $1 and b.kind = 'building' and b.archived_at is null and b.path <@ $2::ltree`,
      [job.tenantId, job.root.path],
    );
    const byFull = new Map<string, number>();
    const byName = new Map<string, number[]>();
    for (const b of buildings) {
      byFull.set(`${b.compound ?? ''}${b.name}`, Number(b.id));
      byName.set(b.name, [...(byName.get(b.name) ?? []), Number(b.id)]);
    }
    const { rows: tagRows } = await pool.query(
      'select id, name from record_tags where tenant_id = $1 and archived_at is null',
      [job.tenantId],
    );
    const tagByName = new Map(tagRows.map((t) => [t.name as string, Number(t.id)]));
    const seen = new Map<string, number>();
    const good: Good[] = [];
    for (const [i, { row, values }] of rows.entries()) {
      if (i % 500 === 0) await reportProgress(pool, job.tenantId, job.id, i, 'checking');
      const err = (field: Field | null, code: string, zh: string, en: string) =>
        fail(row, values, field, code, zh, en);
      const name = pick(values, 'name');
      if (!name || name.length > 50) {
        err('name', 'NAME_REQUIRED', '姓名必填（不超过50字）', 'Name is required (up to 50 characters)');
        continue;
      }
      let idNumber: string | null = null;
      let birthDate: string | null = null;
      let gender: 'male' | 'female' | null = null;
      const rawId = pick(values, 'idNumber');
      if (rawId) {
        const c = checkIdNumber(rawId);
        if (!c.ok) {
          if (c.problem === 'checksum')
            err('idNumber', 'ID_CHECKSUM', '身份证号校验位不正确', 'The ID number check character is wrong');
          else if (c.problem === 'birth_date')
            err(
              'idNumber',
              'ID_BIRTH_DATE',
              '身份证号中的出生日期无效',
              'The birth date inside the ID number is invalid',
            );
          else err('idNumber', 'ID_FORMAT', '身份证号应为18位', 'An ID number has 18 characters');
          continue;
        }
        idNumber = c.id;
        birthDate = c.birthDate;
        gender = Number(c.id[16]) % 2 === 1 ? 'male' : 'female';
        const first = seen.get(c.id);
        if (first) {
          err(
            'idNumber',
            'ID_DUPLICATE_IN_FILE',
            `身份证号与第${first}行重复`,
            `Same ID number as row ${first}`,
          );
          continue;
        }
        seen.set(c.id, row);
      }
      const rawBirth = pick(values, 'birthDate');
      if (rawBirth) {
        const d = parseDay(rawBirth);
        if (!d) {
          err(
            'birthDate',
            'DATE_INVALID',
            '出生日期无法识别（如 1990-01-02、1990年1月2日）',
            'Unreadable birth date (e.g. 1990-01-02)',
          );
          continue;
        }
        if (birthDate && d !== birthDate) {
          err(
            'birthDate',
            'BIRTH_DATE_MISMATCH',
            '出生日期与身份证号不一致',
            'The birth date differs from the ID number',
          );
          continue;
        }
        birthDate = d;
      }
      const rawGender = pick(values, 'gender');
      if (rawGender) {
        const g = /^(男|male|m)$/i.test(rawGender)
          ? 'male'
          : /^(女|female|f)$/i.test(rawGender)
            ? 'female'
            : null;
        if (!g) {
          err('gender', 'GENDER_INVALID', '性别应为 男 或 女', 'Gender must be 男 or 女');
          continue;
        }
        gender ??= g;
      }
      let phone: string | null = null;
      const rawPhone = pick(values, 'phone');
      if (rawPhone) {
        phone = normalisePhone(rawPhone);
        if (!phone) {
          err('phone', 'PHONE_INVALID', '联系电话格式不正确', 'Invalid phone number');
          continue;
        }
      }
      const rawResidence = pick(values, 'residence');
      const residence = rawResidence ? RESIDENCE[rawResidence.toLowerCase()] : 'permanent';
      if (!residence) {
        err(
          'residence',
          'RESIDENCE_INVALID',
          '居住状态应为 户籍、常住、租住 或 流动',
          'Residence must be 户籍, 常住, 租住 or 流动',
        );
        continue;
      }
      const rawBuilding = nameOfBuilding(pick(values, 'building'));
      const compound = pick(values, 'compound');
      const candidates = compound
        ? [byFull.get(`${compound}${rawBuilding}`)].filter((x) => x !== undefined)
        : byFull.has(rawBuilding)
          ? [byFull.get(rawBuilding)!]
          : (byName.get(rawBuilding) ?? []);
      if (candidates.length !== 1) {
        err(
          'building',
          candidates.length ? 'BUILDING_AMBIGUOUS' : 'BUILDING_UNKNOWN',
          candidates.length ? `楼栋「${rawBuilding}」有多个，请填写小区` : `找不到楼栋「${rawBuilding}」`,
          candidates.length
            ? `Several buildings are called "${rawBuilding}": add the compound`
            : `Unknown building "${rawBuilding}"`,
        );
        continue;
      }
      const unit = pick(values, 'unit').replace(/单元$/, '');
      const room = pick(values, 'room').replace(/[室号]$/, '');
      if (unit.length > 20 || room.length > 20) {
        err('room', 'ROOM_INVALID', '单元或房号过长', 'Unit or room too long');
        continue;
      }
      const tagNames = pick(values, 'tags')
        .split(/[、,，;；/\s]+/)
        .filter(Boolean);
      const unknown = tagNames.filter((t) => !tagByName.has(t));
      if (unknown.length) {
        err('tags', 'TAG_UNKNOWN', `未知标签：${unknown.join('、')}`, `Unknown tags: ${unknown.join(', ')}`);
        continue;
      }
      const note = pick(values, 'note').slice(0, 500);
      good.push({
        row,
        name,
        gender,
        birthDate,
        idNumber,
        phone,
        residence,
        buildingId: candidates[0]!,
        unit,
        room,
        tagIds: tagNames.map((t) => tagByName.get(t)!),
        note,
      });
    }
    // already on the roster: one query for every ID number in the file
    const hashes = good.filter((g) => g.idNumber).map((g) => lookupHash(keys, 'id', g.idNumber!));
    const { rows: present } = await pool.query(
      'select id_number_hash from people where tenant_id = $1 and archived_at is null and id_number_hash = any($2::text[])',
      [job.tenantId, hashes],
    );
    const taken = new Set(present.map((p) => p.id_number_hash as string));
    const fresh = good.filter((g) => {
      if (!g.idNumber || !taken.has(lookupHash(keys, 'id', g.idNumber))) return true;
      const original = rows.find((r) => r.row === g.row)!.values;
      fail(
        g.row,
        original,
        'idNumber',
        'ID_NUMBER_TAKEN',
        '该身份证号已登记',
        'That ID number is already on the roster',
      );
      return false;
    });
    errors.sort((a, b) => a.row - b.row);
    const commit = job.mode === 'valid_rows' || (job.mode === 'all_or_nothing' && errors.length === 0);
    if (commit && fresh.length) {
      await reportProgress(pool, job.tenantId, job.id, rows.length, 'writing');
      await inTx(pool, async (tx) => {
        // in batches of BATCH rows: the batch's addresses in one statement, its people under ids taken from the
        // sequence up front (so tags need no RETURNING order), its tags in one statement
        for (let start = 0; start < fresh.length; start += BATCH) {
          const batch = fresh.slice(start, start + BATCH);
          const addressIds = await ensureAddresses(tx, job.tenantId, batch);
          const { rows: ids } = await tx.query(
            `select nextval(pg_get_serial_sequence('people', 'id')) as id from generate_series(1, $1)`,
            [batch.length],
          );
          const personIds = ids.map((x) => String(x.id));
          const col = <T>(f: (g: Good) => T) => batch.map(f);
          const pinyins = col((g) => pinyinOf(g.name));
          await tx.query(
            `insert into people (tenant_id, id, name, gender, birth_date, id_number_enc, id_number_hash, phone_enc,
                                 phone_hash, residence, area_id, address_id, note, name_pinyin, name_initials,
                                 created_by, updated_by)
             select $1, x.*, $13, $13 from unnest($2::bigint[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[],
                                  $8::text[], $9::text[], $10::text[], $11::bigint[], $12::bigint[], $14::text[],
                                  $15::text[], $16::text[]) as x`,
            [
              job.tenantId,
              personIds,
              col((g) => g.name),
              col((g) => g.gender),
              col((g) => g.birthDate),
              col((g) => encrypt(keys, g.idNumber)),
              col((g) => (g.idNumber ? lookupHash(keys, 'id', g.idNumber) : null)),
              col((g) => encrypt(keys, g.phone)),
              col((g) => (g.phone ? lookupHash(keys, 'phone', g.phone) : null)),
              col((g) => g.residence),
              col((g) => g.buildingId),
              col((g) => addressIds.get(addressKey(g))!),
              actor.userId,
              col((g) => g.note),
              pinyins.map((p) => p.full),
              pinyins.map((p) => p.initials),
            ],
          );
          const tagPairs = batch.flatMap((g, i) => g.tagIds.map((t) => [personIds[i]!, t] as const));
          if (tagPairs.length)
            await tx.query(
              `insert into person_tags (tenant_id, person_id, tag_id)
               select $1, p, t from unnest($2::bigint[], $3::bigint[]) as x (p, t) on conflict do nothing`,
              [job.tenantId, tagPairs.map((x) => x[0]), tagPairs.map((x) => x[1])],
            );
          await reportProgress(
            pool,
            job.tenantId,
            job.id,
            Math.min(rows.length, start + batch.length),
            'writing',
          );
        }
        await recordAudit(tx, {
          tenantId: job.tenantId,
          actorUserId: actor.userId,
          action: 'people.import',
          entityType: 'import_job',
          entityId: job.id,
          summary: { created: fresh.length, errors: errors.length, mode: job.mode },
        });
      });
    }
    await finishImportJob(pool, job.tenantId, job.id, {
      okCount: fresh.length,
      errors,
      committed: commit && fresh.length > 0,
      summary: { created: commit ? fresh.length : 0, wouldCreate: fresh.length },
    });
  } catch (err) {
    await finishImportJob(pool, job.tenantId, job.id, {
      okCount: 0,
      errors: [
        {
          row: 0,
          field: null,
          code: 'IMPORT_FAILED',
          message: { 'zh-CN': '导入失败，未做任何修改', 'en-US': 'The import failed; nothing was changed' },
          values: { error: (err as Error).message.slice(0, 200) },
        },
      ],
      committed: false,
      failed: true,
    }).catch(() => {});
  }
}
