import { describe, expect, it } from 'vitest';
import { openCsv } from './public';

describe('open data CSV', () => {
  it('quotes cells and defuses formula-looking text, keeping numbers', () => {
    const csv = openCsv({
      licence: 'CC BY 4.0',
      generatedAt: '2026-01-01T00:00:00Z',
      community: { code: '1', name: '龙腾社区', street: null },
      from: '2026-01-01',
      to: '2026-01-31',
      figures: [
        {
          key: 'temperatureGap',
          value: -1.5,
          numerator: null,
          denominator: 3,
          weight: 1,
          folded: false,
          definitionVersion: 'v1',
        },
      ],
      counts: { requests: 3, closed: 2, open: 1 },
      resolvedExamples: [],
      resolutions: [{ text: '=HYPERLINK("x"), "q"', status: 'done', progress: 100, dueDate: '2026-02-01' }],
      projects: [],
      dataUse: { numerator: 1, denominator: 3, value: 0.3333 },
      definitions: [],
    });
    expect(csv.startsWith('\ufeff# CC BY 4.0')).toBe(true);
    expect(csv).toContain('figure,temperatureGap,-1.5,,3,1,v1');
    expect(csv).toContain(`resolution,"'=HYPERLINK(""x""), ""q""",100,done,2026-02-01,,`);
  });
});
