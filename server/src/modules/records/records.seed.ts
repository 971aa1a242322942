import type pg from 'pg';
import { prng } from '../../demo/city';
import { inTx } from '../../platform/db/tx';
import { encrypt, idCheckChar, lookupHash, type PiiKeys } from '../../platform/pii';
import { ensureAddress } from './records.service';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈';
const MALE = [
  '建国',
  '志强',
  '伟',
  '海涛',
  '建军',
  '明',
  '浩然',
  '子轩',
  '国庆',
  '德华',
  '文斌',
  '俊杰',
  '宇航',
  '立新',
  '鹏',
];
const FEMALE = [
  '秀英',
  '丽华',
  '晓燕',
  '静',
  '桂兰',
  '玉兰',
  '婷',
  '雪梅',
  '欣怡',
  '淑珍',
  '芳',
  '丹',
  '思琪',
  '红梅',
  '慧',
];

/** The seed's data portrait shares (独居老人 11.3%, 全职妈妈 8.7%, 夜间上班族 6.2%, 外来商户 4.5%) and a few more. */
const SHARES: [string, number][] = [
  ['独居老人', 0.113],
  ['全职妈妈', 0.087],
  ['夜间上班族', 0.062],
  ['外来商户', 0.045],
  ['退役军人', 0.03],
  ['残疾人', 0.02],
  ['低保', 0.02],
];

/** A made-up but checksum-valid ID number in the demo district 990101. */
export function demoIdNumber(birth: string, seq: number, male: boolean) {
  const s = seq % 500;
  const order = String(s * 2 + (male ? 1 : 0)).padStart(3, '0');
  const first17 = `990101${birth.replaceAll('-', '')}${order}`;
  return first17 + idCheckChar(first17);
}

interface Seeded {
  name: string;
  male: boolean;
  birth: string;
  residence: 'household' | 'permanent' | 'tenant' | 'floating';
  phone: string;
  tags: string[];
  userPhone?: string;
}

/**
 * About `count` people in 龙腾社区 (990101001001): households in rooms of its buildings, houses with owner and
 * occupants, group tags in the data portrait's proportions; 孙阿姨 (13800000008) linked to her own record.
 * Deterministic: the same count gives the same people.
 */
export async function seedPeople(pool: pg.Pool, keys: PiiKeys, count = 200) {
  const rand = prng(20260308);
  const pickOf = <T>(xs: readonly T[] | string) => xs[Math.floor(rand() * xs.length)] as T;
  const day = (year: number) => {
    const m = 1 + Math.floor(rand() * 12);
    const d = 1 + Math.floor(rand() * 28);
    return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  };
  const { rows: buildings } = await pool.query(
    `select b.tenant_id, b.id, b.path::text as path from areas b join areas c on c.tenant_id = b.tenant_id and b.path <@ c.path
      where c.code = '990101001001' and b.kind = 'building' order by b.code`,
  );
  if (!buildings.length) return;
  const tenantId = Number(buildings[0].tenant_id);
  const { rows: tagRows } = await pool.query('select id, name from record_tags where tenant_id = $1', [
    tenantId,
  ]);
  const tagId = new Map(tagRows.map((t) => [t.name as string, Number(t.id)]));
  const quota = new Map(SHARES.map(([t, share]) => [t, Math.round(count * share)]));
  const take = (tag: string) => {
    const left = quota.get(tag) ?? 0;
    if (left <= 0) return false;
    quota.set(tag, left - 1);
    return true;
  };

  // households: 独居老人 live alone; other households are 2–4 people
  const households: { building: number; unit: string; room: string; use: string; people: Seeded[] }[] = [];
  let n = 0;
  let phoneSeq = 0;
  const person = (
    male: boolean,
    year: number,
    residence: Seeded['residence'],
    tags: string[] = [],
  ): Seeded => ({
    name: `${pickOf<string>(SURNAMES)}${pickOf(male ? MALE : FEMALE)}`,
    male,
    birth: day(year),
    residence,
    phone: `139${String(20_000_000 + phoneSeq++ * 7_919).padStart(8, '0')}`,
    tags,
  });
  // 孙阿姨 first: 聚金万佳苑 1栋 2单元 301, living alone
  households.push({
    building: Number(buildings[0].id),
    unit: '2',
    room: '301',
    use: 'owner_occupied',
    people: [
      {
        ...person(false, 1952, 'household', ['独居老人']),
        name: '孙桂兰',
        phone: '13800000008',
        userPhone: '13800000008',
      },
    ],
  });
  take('独居老人');
  const rooms = new Set([`${buildings[0].id}/2/301`]);
  n = 1;
  let h = 0;
  while (n < count) {
    h++;
    const b = buildings[h % buildings.length];
    const unit = String(1 + (h % 3));
    let room: string;
    do room = `${1 + Math.floor(rand() * 18)}0${1 + Math.floor(rand() * 4)}`;
    while (rooms.has(`${b.id}/${unit}/${room}`));
    rooms.add(`${b.id}/${unit}/${room}`);
    const members: Seeded[] = [];
    if (take('独居老人'))
      members.push(person(rand() < 0.4, 1938 + Math.floor(rand() * 20), 'household', ['独居老人']));
    else {
      const renting = rand() < 0.25;
      const res = renting ? (rand() < 0.5 ? 'tenant' : 'floating') : rand() < 0.7 ? 'household' : 'permanent';
      const size = Math.min(count - n, 2 + Math.floor(rand() * 3));
      const base = 1965 + Math.floor(rand() * 30);
      for (let i = 0; i < size; i++) {
        const male = i === 0 ? rand() < 0.5 : i === 1 ? !members[0]!.male : rand() < 0.5;
        const child = i >= 2;
        const p = person(
          male,
          child ? base + 25 + Math.floor(rand() * 8) : base + Math.floor(rand() * 4),
          res,
        );
        const age = 2026 - Number(p.birth.slice(0, 4));
        if (!male && !child && age >= 26 && age <= 45 && take('全职妈妈')) p.tags.push('全职妈妈');
        else if (!child && age >= 22 && age <= 50 && rand() < 0.3 && take('夜间上班族'))
          p.tags.push('夜间上班族');
        if (!child && renting && rand() < 0.5 && take('外来商户')) p.tags.push('外来商户');
        if (!child && rand() < 0.05 && take('退役军人')) p.tags.push('退役军人');
        if (rand() < 0.03 && take('残疾人')) p.tags.push('残疾人');
        if (rand() < 0.03 && take('低保')) p.tags.push('低保');
        members.push(p);
      }
    }
    n += members.length;
    households.push({
      building: Number(b.id),
      unit,
      room,
      use:
        members[0]!.residence === 'tenant' || members[0]!.residence === 'floating'
          ? 'rented'
          : 'owner_occupied',
      people: members,
    });
  }

  await inTx(pool, async (tx) => {
    const { rows: sun } = await tx.query(`select id from "user" where "phoneNumber" = '13800000008'`);
    let seq = 0;
    for (const hh of households) {
      const addressId = await ensureAddress(tx, tenantId, hh.building, hh.unit, hh.room);
      const ids: number[] = [];
      for (const p of hh.people) {
        const idNumber = demoIdNumber(p.birth, seq++, p.male);
        const { rows } = await tx.query(
          `insert into people (tenant_id, name, gender, birth_date, id_number_enc, id_number_hash, phone_enc, phone_hash,
                               residence, area_id, address_id, user_id)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
          [
            tenantId,
            p.name,
            p.male ? 'male' : 'female',
            p.birth,
            encrypt(keys, idNumber),
            lookupHash(keys, 'id', idNumber),
            encrypt(keys, p.phone),
            lookupHash(keys, 'phone', p.phone),
            p.residence,
            hh.building,
            addressId,
            p.userPhone ? (sun[0]?.id ?? null) : null,
          ],
        );
        ids.push(Number(rows[0].id));
        for (const t of p.tags)
          await tx.query('insert into person_tags (tenant_id, person_id, tag_id) values ($1, $2, $3)', [
            tenantId,
            rows[0].id,
            tagId.get(t),
          ]);
      }
      const { rows: house } = await tx.query(
        `insert into houses (tenant_id, address_id, use, area_m2, owner_id) values ($1, $2, $3, $4, $5) returning id`,
        [
          tenantId,
          addressId,
          hh.use,
          50 + Math.floor(rand() * 90),
          hh.use === 'owner_occupied' ? ids[0] : null,
        ],
      );
      await tx.query(
        'insert into house_occupants (tenant_id, house_id, person_id) select $1, $2, unnest($3::bigint[])',
        [tenantId, house[0].id, ids],
      );
    }
    // a few empty flats and shops, so every use shows up
    for (const [i, use] of ['vacant', 'vacant', 'commercial'].entries()) {
      const addressId = await ensureAddress(tx, tenantId, Number(buildings[i + 1]!.id), '', `10${i + 1}`);
      await tx.query(
        'insert into houses (tenant_id, address_id, use, area_m2) values ($1, $2, $3, $4) on conflict do nothing',
        [tenantId, addressId, use, 60 + i * 10],
      );
    }
  });
}
