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

/**
 * 城市部件 classes and subclasses after GB/T 30428.2-2013 (管理部件和事件; it continues CJ/T 214-2007): the six 大类
 * and their 小类 as the standard numbers them (decision 0031 says which codes are certain and which are
 * reconstructed). Codes 80–99 are this platform's local extensions for things the standard does not list (a city
 * may extend the list). Any other subclass 01–99 under a known class is accepted too: a city's own list imports.
 */
export const THING_CLASSES: { code: string; name: string; subclasses: [string, string][] }[] = [
  {
    code: '01',
    name: '公用设施',
    subclasses: [
      ['01', '上水井盖'],
      ['02', '污水井盖'],
      ['03', '雨水井盖'],
      ['04', '雨水箅子'],
      ['05', '电力井盖'],
      ['06', '路灯井盖'],
      ['07', '通讯井盖'],
      ['08', '电视井盖'],
      ['09', '网络井盖'],
      ['10', '热力井盖'],
      ['11', '燃气井盖'],
      ['12', '公安井盖'],
      ['13', '无主井盖'],
      ['14', '输油（气）井盖'],
      ['15', '消防栓'],
      ['16', '电力设施'],
      ['17', '通讯交接箱'],
      ['18', '有线电视交接箱'],
      ['19', '路灯'],
      ['20', '地灯'],
      ['21', '景观灯'],
      ['22', '报刊亭'],
      ['23', '邮筒'],
      ['24', '信息亭'],
      ['25', '电话亭'],
      ['26', '变压器（箱）'],
      ['27', '燃气调压站（箱）'],
      ['28', '高压线铁塔'],
      ['29', '监控电子眼'],
      ['30', '民用水井'],
      ['31', '自动售货机'],
      ['32', '治安岗亭'],
    ],
  },
  {
    code: '02',
    name: '道路交通',
    subclasses: [
      ['01', '停车场'],
      ['02', '停车咪表'],
      ['03', '公交站亭'],
      ['04', '出租车停靠点'],
      ['05', '加油站'],
      ['06', '交通标志牌'],
      ['07', '交通信号灯'],
      ['08', '交通岗亭'],
      ['09', '隔音屏'],
      ['10', '护栏'],
      ['11', '过街天桥'],
      ['12', '地下通道'],
      ['13', '立交桥'],
      ['14', '跨河桥'],
      ['15', '路名牌'],
      ['16', '存车支架'],
      ['17', '防撞柱'],
      ['18', '盲道'],
      ['80', '非机动车停放点'],
    ],
  },
  {
    code: '03',
    name: '市容环境',
    subclasses: [
      ['01', '公共厕所'],
      ['02', '公厕指示牌'],
      ['03', '垃圾间（楼）'],
      ['04', '灯箱霓虹灯'],
      ['05', '广告牌匾'],
      ['06', '环卫工具房'],
      ['07', '垃圾箱'],
      ['80', '垃圾分类投放点'],
    ],
  },
  {
    code: '04',
    name: '园林绿化',
    subclasses: [
      ['01', '古树名木'],
      ['02', '行道树'],
      ['03', '护树设施'],
      ['04', '花架花钵'],
      ['05', '绿地'],
      ['06', '城市雕塑'],
      ['07', '街头座椅'],
      ['08', '绿地护栏'],
      ['09', '绿地维护设施'],
      ['10', '喷泉'],
      ['11', '花坛'],
    ],
  },
  {
    code: '05',
    name: '房屋土地',
    subclasses: [
      ['01', '宣传栏'],
      ['02', '人防工事'],
      ['03', '地下室'],
      ['04', '违章建筑'],
      ['05', '空闲地'],
      ['80', '电动车充电桩'],
    ],
  },
  {
    code: '06',
    name: '其他设施',
    subclasses: [
      ['01', '重大危险源'],
      ['02', '工地'],
      ['03', '水域附属设施'],
      ['04', '健身设施'],
      ['05', '河道'],
      ['06', '码头'],
      ['80', '智能快递柜'],
      ['81', '加装电梯'],
    ],
  },
];

const bare = (v: string) => v.normalize('NFKC').replace(/\s/g, '');
/**
 * A 大类 as an import file gives it: '01', '1', '公用设施' or '公用设施类' → '01' (null when unknown).
 */
export function resolveClass(raw: string): string | null {
  const v = bare(raw);
  if (/^\d{1,2}$/.test(v)) return thingClass(v.padStart(2, '0'))?.code ?? null;
  const name = v.replace(/类$/, '');
  return THING_CLASSES.find((c) => c.name === name)?.code ?? null;
}
/** A 小类 of a class: '19', '0119' or its name '路灯' → '19' (null when neither a code nor a listed name). */
export function resolveSubclass(classCode: string, raw: string): string | null {
  const v = bare(raw);
  if (/^\d{4}$/.test(v) && v.startsWith(classCode)) return v.slice(2) === '00' ? null : v.slice(2);
  if (/^\d{1,2}$/.test(v)) return Number(v) === 0 ? null : v.padStart(2, '0');
  const names = thingClass(classCode)?.subclasses ?? [];
  const name = v.replace(/[()]/g, (c) => (c === '(' ? '（' : '）'));
  return names.find(([, n]) => n === name)?.[0] ?? null;
}

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
