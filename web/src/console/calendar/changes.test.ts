import { describe, expect, it } from 'vitest';
import { describeChange } from './changes';

// a stand-in for i18next: the key's last part, with the values it was given
const t = (key: string, o?: Record<string, unknown>) => {
  const last = key.split('.').slice(-2).join('.');
  if (key.endsWith('listSep')) return '; ';
  if (key.includes('.units.')) return `${o?.count} ${key.split('.').pop()}`;
  return o?.count !== undefined ? `${last}(${o.count})` : last;
};

describe('calendar change log', () => {
  it('reads a policy change in the units of its clock', () => {
    expect(describeChange({ resolveMinutes: [10080, 7200], yellowAt: [0.5, 0.6], clock: 'working' }, t)).toBe(
      'fields.resolveMinutes：7 workingDays → 5 workingDays; fields.yellowAt：50% → 60%; fields.clock：clocks.working',
    );
    expect(describeChange({ resolveMinutes: [1440, 2880], clock: 'calendar' }, t)).toContain(
      '24 hours → 48 hours',
    );
  });
  it('reads a day and an import', () => {
    expect(describeChange({ kind: 'holiday', name: '测试' }, t)).toBe(
      'fields.kind：kinds.holiday; fields.name：测试',
    );
    expect(describeChange({ added: ['a', 'b'], changed: [], removed: ['c'] }, t)).toBe(
      'import.addedCount(2); import.changedCount(0); import.removedCount(1)',
    );
  });
});
