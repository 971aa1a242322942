/** Codes of units and things: GB 32100 统一社会信用代码 and the 16-digit 部件 code (decision 0025). */

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100-2015 check character of the first 17 characters (null when one is outside the code's alphabet). */
export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

export type CreditCodeCheck =
  | { ok: true; code: string }
  | { ok: false; problem: 'charset' | 'checksum' | 'length' };

/**
 * 18 characters: a 统一社会信用代码, its check character verified. Otherwise an older licence number (注册号,
 * 6–30 letters or digits), taken as written. Full-width characters and spaces are normalised, letters upper-cased.
 */
export function checkCreditCode(raw: string): CreditCodeCheck {
  const code = raw.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  if (code.length === 18) {
    const check = usccCheckChar(code.slice(0, 17));
    if (!check || !USCC_CHARS.includes(code[17]!)) return { ok: false, problem: 'charset' };
    return check === code[17] ? { ok: true, code } : { ok: false, problem: 'checksum' };
  }
  if (!/^[0-9A-Z]{6,30}$/.test(code)) return { ok: false, problem: code.length > 30 ? 'length' : 'charset' };
  return { ok: true, code };
}

/** 部件 classes (GB/T 30428.2 大类) with the common subclasses; other two-digit subclasses are accepted. */
export const THING_CLASSES: { code: string; name: string; subclasses: [string, string][] }[] = [
  {
    code: '01',
    name: '公用设施',
    subclasses: [
      ['01', '上水井盖'],
      ['02', '污水井盖'],
      ['03', '雨水井盖'],
      ['04', '电力井盖'],
      ['05', '通信井盖'],
      ['06', '燃气井盖'],
      ['07', '消防栓'],
      ['08', '路灯'],
      ['09', '变压器（箱）'],
      ['10', '监控电子眼'],
    ],
  },
  {
    code: '02',
    name: '道路交通',
    subclasses: [
      ['01', '公交站亭'],
      ['02', '交通标志牌'],
      ['03', '交通信号灯'],
      ['04', '护栏'],
      ['05', '停车场'],
      ['06', '非机动车停放点'],
      ['07', '过街天桥'],
    ],
  },
  {
    code: '03',
    name: '市容环境',
    subclasses: [
      ['01', '公共厕所'],
      ['02', '垃圾箱'],
      ['03', '垃圾分类投放点'],
      ['04', '广告牌匾'],
      ['05', '报刊亭'],
    ],
  },
  {
    code: '04',
    name: '园林绿化',
    subclasses: [
      ['01', '古树名木'],
      ['02', '行道树'],
      ['03', '绿地'],
      ['04', '花坛'],
      ['05', '街头座椅'],
    ],
  },
  {
    code: '05',
    name: '房屋土地',
    subclasses: [
      ['01', '宣传栏'],
      ['02', '人防工事'],
      ['03', '地下通道'],
      ['04', '电动车充电桩'],
    ],
  },
  {
    code: '06',
    name: '其他设施',
    subclasses: [
      ['01', '健身设施'],
      ['02', '自动售货机'],
      ['03', '智能快递柜'],
      ['04', '加装电梯'],
    ],
  },
];

export const thingClass = (c: string) => THING_CLASSES.find((x) => x.code === c);
export const subclassName = (c: string, s: string) =>
  thingClass(c)?.subclasses.find(([code]) => code === s)?.[1] ?? null;

export type ThingCodeCheck =
  | { ok: true; code: string; prefix: string; seq: number }
  | { ok: false; problem: 'format' | 'district' | 'class' | 'sequence' };

/** A full 部件 code: 16 digits, the street's district, a known class, a subclass and sequence that are not 00/000000. */
export function checkThingCode(raw: string, districtCode: string): ThingCodeCheck {
  const code = raw.normalize('NFKC').replace(/\s/g, '');
  if (!/^\d{16}$/.test(code)) return { ok: false, problem: 'format' };
  if (code.slice(0, 6) !== districtCode) return { ok: false, problem: 'district' };
  if (!thingClass(code.slice(6, 8)) || code.slice(8, 10) === '00') return { ok: false, problem: 'class' };
  const seq = Number(code.slice(10));
  if (seq === 0) return { ok: false, problem: 'sequence' };
  return { ok: true, code, prefix: code.slice(0, 10), seq };
}
