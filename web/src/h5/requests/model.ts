import type { RequestStatus } from '@doorstep/contract';

/** Pure helpers of the resident's requests (诉求): draft, retries, times, statuses, timeline wording. */

export const NATURES = ['help', 'consult', 'complaint', 'report', 'suggestion'] as const;
export type NatureCode = (typeof NATURES)[number];

/**
 * Where the problem is: the printed QR code's place, my home grid, the phone's position, a pin placed on the map,
 * or a typed address.
 */
export type LocMode = 'qr' | 'home' | 'gps' | 'map' | 'address';
const LOC_MODES: readonly LocMode[] = ['qr', 'home', 'gps', 'map', 'address'];

export interface Point {
  lng: number;
  lat: number;
  accuracy: number | null;
}

/** A pin placed on the map, in the coordinate system of the map's tiles (the server stores WGS-84). */
export interface Pin {
  lng: number;
  lat: number;
  crs: 'wgs84' | 'gcj02';
}

/** What the resident has typed, kept on the device until the server has it (so nothing is lost on reload). */
export interface Draft {
  v: 1;
  userId: string;
  /** Idempotency-Key: made once per draft, kept across retries and reloads; the server never creates twice. */
  key: string;
  description: string;
  nature: NatureCode;
  /** null: let the community choose (the server suggests one) */
  categoryCode: string | null;
  /** true once the resident picked a category themselves: suggestions no longer change it */
  categoryChosen: boolean;
  locMode: LocMode;
  point: Point | null;
  address: string;
  placeAreaId: number | null;
  pin: Pin | null;
  /** ids of the photos already uploaded (POST /api/files), at most 9 */
  photos: string[];
  anonymous: boolean;
  savedAt: number;
}

export const DRAFT_KEY = 'doorstep.h5.reportDraft';

/** A v4 UUID; crypto.randomUUID only exists in secure contexts (https, localhost), getRandomValues everywhere. */
export function newKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function blankDraft(userId: string, hasHome: boolean): Draft {
  return {
    v: 1,
    userId,
    key: newKey(),
    description: '',
    nature: 'help',
    categoryCode: null,
    categoryChosen: false,
    locMode: hasHome ? 'home' : 'gps',
    point: null,
    address: '',
    placeAreaId: null,
    pin: null,
    photos: [],
    anonymous: false,
    savedAt: Date.now(),
  };
}

type KV = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The saved draft of this user, or null (none, someone else's, unreadable, storage blocked). */
export function readDraft(store: KV | undefined, userId: string): Draft | null {
  try {
    const raw = store?.getItem(DRAFT_KEY);
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<Draft>;
    if (d?.v !== 1 || d.userId !== userId || typeof d.key !== 'string' || typeof d.description !== 'string')
      return null;
    const nature = NATURES.includes(d.nature as NatureCode) ? (d.nature as NatureCode) : 'help';
    const locMode = LOC_MODES.includes(d.locMode as LocMode) ? (d.locMode as LocMode) : 'home';
    const point =
      d.point && Number.isFinite(d.point.lng) && Number.isFinite(d.point.lat)
        ? { lng: d.point.lng, lat: d.point.lat, accuracy: d.point.accuracy ?? null }
        : null;
    return {
      v: 1,
      userId,
      key: d.key,
      description: d.description,
      nature,
      categoryCode: typeof d.categoryCode === 'string' ? d.categoryCode : null,
      categoryChosen: d.categoryChosen === true,
      locMode,
      point,
      address: typeof d.address === 'string' ? d.address : '',
      placeAreaId: typeof d.placeAreaId === 'number' ? d.placeAreaId : null,
      pin:
        d.pin && Number.isFinite(d.pin.lng) && Number.isFinite(d.pin.lat)
          ? { lng: d.pin.lng, lat: d.pin.lat, crs: d.pin.crs === 'gcj02' ? 'gcj02' : 'wgs84' }
          : null,
      photos: Array.isArray(d.photos)
        ? d.photos.filter((p): p is string => typeof p === 'string' && /^[a-f0-9]{64}$/.test(p)).slice(0, 9)
        : [],
      anonymous: d.anonymous === true,
      savedAt: typeof d.savedAt === 'number' ? d.savedAt : Date.now(),
    };
  } catch {
    return null;
  }
}

export function writeDraft(store: KV | undefined, d: Draft) {
  try {
    store?.setItem(DRAFT_KEY, JSON.stringify(d));
  } catch {}
}

export function clearDraft(store: KV | undefined) {
  try {
    store?.removeItem(DRAFT_KEY);
  } catch {}
}

/** Worth saving: something the resident typed or chose beyond the defaults. */
export const draftHasContent = (d: Draft) =>
  d.description.trim() !== '' || d.address.trim() !== '' || d.photos.length > 0 || d.pin !== null;

/** A place id from the QR code's ?place=, or null. */
export function placeFromQuery(value: string | null): number | null {
  if (!value || !/^\d{1,12}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

/** Tries in all (first + retries) and the wait before each retry, in ms. */
export const SUBMIT_TRIES = 3;
export const RETRY_DELAYS = [1500, 4000];

/** Network down (status 0), gateway trouble and server errors are retried; a 4xx is an answer. */
export const isRetryable = (status: number) =>
  status === 0 || status === 408 || status === 429 || status >= 500;

// ---------- times (always Asia/Shanghai, the platform's clock) ----------

const TZ = 'Asia/Shanghai';
const dayKey = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(d);
const dayNumber = (d: Date) => Math.round(Date.parse(`${dayKey(d)}T00:00:00Z`) / 86_400_000);

/** "今天 14:30", "明天 09:00", "11月23日 周一 06:46" (with the year when it is not this year). */
export function formatWhen(
  iso: string,
  lang: string,
  words: { today: string; tomorrow: string; yesterday: string },
  now = new Date(),
): string {
  const d = new Date(iso);
  const en = lang.startsWith('en');
  const time = new Intl.DateTimeFormat(lang, {
    timeZone: TZ,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
  const diff = dayNumber(d) - dayNumber(now);
  let day: string;
  if (diff === 0) day = words.today;
  else if (diff === 1) day = words.tomorrow;
  else if (diff === -1) day = words.yesterday;
  else {
    const sameYear = dayKey(d).slice(0, 4) === dayKey(now).slice(0, 4);
    day = new Intl.DateTimeFormat(lang, {
      timeZone: TZ,
      year: sameYear ? undefined : 'numeric',
      month: en ? 'short' : 'long',
      day: 'numeric',
      weekday: 'short',
    }).format(d);
  }
  return `${day} ${time}`;
}

// ---------- statuses ----------

export type Tone = 'new' | 'doing' | 'action' | 'done' | 'back';

export const STATUS_TONE: Record<RequestStatus, Tone> = {
  received: 'new',
  dispatched: 'new',
  accepted: 'doing',
  in_progress: 'doing',
  handled: 'done',
  verified: 'action',
  closed: 'done',
  returned: 'back',
  reopened: 'back',
};

/** Statuses in which the resolve deadline is still running (it is met once handled). */
export const DEADLINE_RUNNING: readonly RequestStatus[] = [
  'received',
  'dispatched',
  'accepted',
  'in_progress',
  'returned',
  'reopened',
];

// ---------- timeline ----------

export const WHISTLES = ['organization', 'community', 'owner', 'neighbor', 'public', 'street'] as const;

/** Known event types; anything new from the server falls back to "other". */
const EVENT_TYPES = [
  'created',
  'dispatch',
  'reassign',
  'accept',
  'return',
  'start',
  'handle',
  'answer',
  'verify',
  'rework',
  'rate',
  'rated_reopened',
  'reopen',
  'close',
  'reject',
  'merge',
  'comment',
  'me_too',
  'delay_requested',
  'delay_approved',
  'delay_refused',
  'revisit',
] as const;
export type EventKind = (typeof EVENT_TYPES)[number] | 'other';

/** "dispatch:owner" → { kind: 'dispatch', whistle: 'owner' }. */
export function parseEventType(type: string): { kind: EventKind; whistle: (typeof WHISTLES)[number] | null } {
  const [head, sub] = type.split(':');
  const kind = (EVENT_TYPES as readonly string[]).includes(head ?? '') ? (head as EventKind) : 'other';
  const whistle = (WHISTLES as readonly string[]).includes(sub ?? '')
    ? (sub as (typeof WHISTLES)[number])
    : null;
  return { kind, whistle };
}

/** The lead whistle a dispatch step created: same moment (same transaction), else the closest one before it. */
export function whistleFor<W extends { role: string; createdAt: string; orgName: string }>(
  at: string,
  whistles: W[],
): W | null {
  const t = Date.parse(at);
  let best: W | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const w of whistles) {
    if (w.role !== 'lead') continue;
    const gap = t - Date.parse(w.createdAt);
    if (gap >= -1000 && Math.abs(gap) < bestGap) {
      best = w;
      bestGap = Math.abs(gap);
    }
  }
  return best;
}

/** The server labels a resident's own steps "居民" (the reporter; for 我也遇到 a neighbour). */
export const RESIDENT_LABEL = '居民';
