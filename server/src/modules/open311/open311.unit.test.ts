import { describe, expect, it } from 'vitest';
import { pickJurisdiction } from './open311.clients';
import { escapeXml, parseW3c, toXml, w3cDatetime } from './open311.format';
import { coordinate, list, mainlandMobile, one, reporterName } from './open311.input';
import { statusNotes } from './open311.presenter';
import { fields, kids, parseXml } from './xml-check';

describe('Open311 datetimes', () => {
  it('formats in Beijing time without fractions', () => {
    expect(w3cDatetime(new Date('2026-11-21T02:05:03.456Z'))).toBe('2026-11-21T10:05:03+08:00');
    expect(w3cDatetime(new Date('2026-12-31T16:00:00.999Z'))).toBe('2027-01-01T00:00:00+08:00');
    expect(w3cDatetime(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01T23:59:59+08:00');
  });

  it('reads W3C datetimes, with the usual client slips', () => {
    const at = (s: string, edge?: 'start' | 'end') => parseW3c(s, edge)?.toISOString() ?? null;
    expect(at('2026-11-21T02:05:03Z')).toBe('2026-11-21T02:05:03.000Z');
    expect(at('2026-11-21T10:05:03+08:00')).toBe('2026-11-21T02:05:03.000Z');
    expect(at('2026-11-21T10:05:03.5+0800')).toBe('2026-11-21T02:05:03.500Z');
    expect(at('2026-11-20T21:05:03-05:00')).toBe('2026-11-21T02:05:03.000Z');
    // '+' that arrived as a space (unencoded in a query string)
    expect(at('2026-11-21T10:05:03 08:00')).toBe('2026-11-21T02:05:03.000Z');
    // no offset: Beijing time; a bare date: start (or end) of that Beijing day
    expect(at('2026-11-21T10:05')).toBe('2026-11-21T02:05:00.000Z');
    expect(at('2026-11-21')).toBe('2026-11-20T16:00:00.000Z');
    expect(at('2026-11-21', 'end')).toBe('2026-11-21T15:59:59.999Z');
    for (const bad of [
      '',
      'yesterday',
      '2026-02-30',
      '2026-13-01',
      '2026-11-21T24:00:00Z',
      '21/11/2026',
      '2026-11-21T10:05:03+15:00',
      '1e999',
      "'; drop table requests; --",
    ])
      expect(at(bad), bad).toBeNull();
  });
});

describe('Open311 XML', () => {
  it('escapes text and drops characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;',
    );
    expect(escapeXml('a\u0000b\u0008c\uFFFEd\uD800e😀𠮷\tf\n')).toBe('abcde😀𠮷\tf\n');
  });

  it('writes lists with singular item elements, null as empty, undefined left out', () => {
    const doc = toXml('service_requests', [
      { service_request_id: '1', lat: 30.6, account_id: null, gone: undefined, ok: true },
      { service_request_id: '2', description: '</request><x>&' },
    ]);
    expect(doc.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests>')).toBe(true);
    const root = parseXml(doc);
    const items = kids(root, 'request');
    expect(items.map(fields)).toEqual([
      { service_request_id: '1', lat: '30.6', account_id: '', ok: 'true' },
      { service_request_id: '2', description: '</request><x>&' },
    ]);
    expect(
      kids(parseXml(toXml('service_request_updates', [{ update_id: '9' }])), 'request_update'),
    ).toHaveLength(1);
    expect(
      parseXml(
        toXml('discovery', { endpoints: [{ formats: ['text/xml', 'application/json'] }] }),
      ).children[0]!.children[0]!.children[0]!.children.map((c) => [c.name, c.text]),
    ).toEqual([
      ['format', 'text/xml'],
      ['format', 'application/json'],
    ]);
    expect(toXml('errors', [])).toContain('<errors></errors>');
  });

  it('the test reader refuses what is not well-formed', () => {
    for (const bad of [
      '<a></a>',
      '<?xml version="1.0" encoding="utf-8"?><a><b></a></b>',
      '<?xml version="1.0" encoding="utf-8"?><a>x & y</a>',
      '<?xml version="1.0" encoding="utf-8"?><a>x < y</a>',
      '<?xml version="1.0" encoding="utf-8"?><a></a><b></b>',
      '<?xml version="1.0" encoding="utf-8"?><a x="1"></a>',
      '<?xml version="1.0" encoding="utf-8"?><a>',
    ])
      expect(() => parseXml(bad), bad).toThrow();
  });
});

describe('Open311 input', () => {
  it('treats empty arguments as missing and splits lists', () => {
    expect(one({ a: '' }, 'a')).toBeUndefined();
    expect(one({ a: 7 }, 'a')).toBe('7');
    expect(() => one({ a: ['x', 'y'] }, 'a')).toThrow();
    expect(list({ s: 'open, closed' }, 's')).toEqual(['open', 'closed']);
    expect(list({ s: ['open', 'closed,open'] }, 's')).toEqual(['open', 'closed']);
    expect(list({ s: ' , ' }, 's')).toBeUndefined();
  });

  it('reads coordinates, phones and names', () => {
    expect(coordinate('30.6131', 90)).toBe(30.6131);
    expect(coordinate('-122.42', 180)).toBe(-122.42);
    for (const bad of ['91', 'abc', '1e2', '', 'NaN', '30.6131x'])
      expect(coordinate(bad, 90), bad).toBeNull();
    expect(mainlandMobile('+86 138-0013-8000')).toBe('13800138000');
    expect(mainlandMobile('02161234567')).toBeNull();
    expect(mainlandMobile(undefined)).toBeNull();
    expect(reporterName({ firstName: '三', lastName: '张' })).toBe('张三');
    expect(reporterName({ firstName: 'John', lastName: 'Smith', email: 'j@x.org' })).toBe(
      'John Smith（j@x.org）',
    );
    expect(reporterName({ email: 'j@x.org' })).toBe('j@x.org');
    expect(reporterName({})).toBeNull();
  });

  it('names the fine state in status_notes', () => {
    expect(statusNotes('dispatched', null)).toBe('已派单 dispatched');
    expect(statusNotes('closed', 'rejected')).toBe('已结案（不予受理） closed (rejected)');
  });
});

describe('jurisdictions', () => {
  const a = { tenantId: 1, areaId: 10, code: '990101001', name: '长江路街道' };
  const b = { tenantId: 2, areaId: 20, code: '990102001', name: '邻区街道' };
  it('may be left out when one street is served', () => {
    expect(pickJurisdiction([a], undefined)).toBe(a);
    expect(pickJurisdiction([a, b], '990102001')).toBe(b);
  });
  it('is required with several streets (400) and must exist (404)', () => {
    expect(() => pickJurisdiction([a, b], undefined)).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => pickJurisdiction([a], 'sfgov.org')).toThrow(expect.objectContaining({ status: 404 }));
  });
});
