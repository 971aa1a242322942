import { describe, expect, it } from 'vitest';
import {
  blankDraft,
  clearDraft,
  DRAFT_KEY,
  draftHasContent,
  formatWhen,
  isRetryable,
  newKey,
  parseEventType,
  placeFromQuery,
  readDraft,
  whistleFor,
  writeDraft,
} from './model';

function memoryStore() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    m,
  };
}

const words = { today: '今天', tomorrow: '明天', yesterday: '昨天' };

describe('report draft', () => {
  it('keeps the idempotency key and everything typed across a reload, for the same user only', () => {
    const store = memoryStore();
    const d = { ...blankDraft('u1', true), description: '电梯坏了', address: '3栋', anonymous: true };
    writeDraft(store, d);
    const back = readDraft(store, 'u1');
    expect(back?.key).toBe(d.key);
    expect(back?.description).toBe('电梯坏了');
    expect(back?.anonymous).toBe(true);
    expect(readDraft(store, 'someone-else')).toBeNull();
    clearDraft(store);
    expect(readDraft(store, 'u1')).toBeNull();
  });

  it('keeps uploaded photo ids and the map pin (with its CRS), dropping anything malformed', () => {
    const store = memoryStore();
    const id = 'a'.repeat(64);
    const d = {
      ...blankDraft('u1', true),
      locMode: 'map' as const,
      pin: { lng: 104.06, lat: 30.6, crs: 'gcj02' as const },
      photos: [id],
    };
    expect(draftHasContent({ ...blankDraft('u1', true), photos: [id] })).toBe(true);
    writeDraft(store, d);
    const back = readDraft(store, 'u1');
    expect(back?.locMode).toBe('map');
    expect(back?.pin).toEqual({ lng: 104.06, lat: 30.6, crs: 'gcj02' });
    expect(back?.photos).toEqual([id]);
    store.setItem(DRAFT_KEY, JSON.stringify({ ...d, photos: [id, '../etc', 5], pin: { lng: 'x' } }));
    expect(readDraft(store, 'u1')?.photos).toEqual([id]);
    expect(readDraft(store, 'u1')?.pin).toBeNull();
  });

  it('ignores a broken or foreign draft', () => {
    const store = memoryStore();
    store.setItem(DRAFT_KEY, '{not json');
    expect(readDraft(store, 'u1')).toBeNull();
    store.setItem(DRAFT_KEY, JSON.stringify({ v: 2, userId: 'u1' }));
    expect(readDraft(store, 'u1')).toBeNull();
    expect(readDraft(undefined, 'u1')).toBeNull();
  });

  it('starts at home when there is one, else from the phone position', () => {
    expect(blankDraft('u', true).locMode).toBe('home');
    expect(blankDraft('u', false).locMode).toBe('gps');
  });

  it('makes a fresh, header-safe key per draft', () => {
    const a = newKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newKey()).not.toBe(a);
  });
});

describe('retries and QR codes', () => {
  it('retries the network and the server, not an answer', () => {
    expect(isRetryable(0)).toBe(true);
    expect(isRetryable(503)).toBe(true);
    expect(isRetryable(422)).toBe(false);
    expect(isRetryable(409)).toBe(false);
  });

  it('reads a place id from ?place=', () => {
    expect(placeFromQuery('42')).toBe(42);
    expect(placeFromQuery('0')).toBeNull();
    expect(placeFromQuery('4a')).toBeNull();
    expect(placeFromQuery(null)).toBeNull();
  });
});

describe('times in Asia/Shanghai', () => {
  const now = new Date('2026-11-22T04:00:00Z'); // 12:00 on 22 Nov in Shanghai
  it('says today / tomorrow / a date', () => {
    expect(formatWhen('2026-11-22T06:30:00Z', 'zh-CN', words, now)).toBe('今天 14:30');
    expect(formatWhen('2026-11-22T16:30:00Z', 'zh-CN', words, now)).toBe('明天 00:30');
    expect(formatWhen('2026-11-25T01:00:00Z', 'zh-CN', words, now)).toBe('11月25日周三 09:00');
    expect(formatWhen('2025-01-02T01:00:00Z', 'zh-CN', words, now)).toContain('2025');
  });
});

describe('timeline', () => {
  it('reads the whistle out of a dispatch step', () => {
    expect(parseEventType('dispatch:owner')).toEqual({ kind: 'dispatch', whistle: 'owner' });
    expect(parseEventType('accept')).toEqual({ kind: 'accept', whistle: null });
    expect(parseEventType('something_new').kind).toBe('other');
  });

  it('finds the responder a dispatch step called', () => {
    const whistles = [
      { role: 'lead', createdAt: '2026-11-21T10:00:00.000Z', orgName: '联发物业' },
      { role: 'assist', createdAt: '2026-11-21T12:00:00.000Z', orgName: '志愿队' },
      { role: 'lead', createdAt: '2026-11-21T12:00:00.000Z', orgName: '金茂物业' },
    ];
    expect(whistleFor('2026-11-21T12:00:00.000Z', whistles)?.orgName).toBe('金茂物业');
    expect(whistleFor('2026-11-21T10:00:00.000Z', whistles)?.orgName).toBe('联发物业');
    expect(whistleFor('2026-11-20T10:00:00.000Z', whistles)).toBeNull();
  });
});
