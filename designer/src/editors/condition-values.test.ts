import { formatConditionValue, parseConditionValue, withConditionFieldRenamed, withConditionValue, withoutConditionField } from './condition-values.js';

describe('condition values typed as text', () => {
  it('reads JSON as JSON and anything else as text', () => {
    expect(parseConditionValue('p1')).toBe('p1');
    expect(parseConditionValue('true')).toBe(true);
    expect(parseConditionValue(' 3 ')).toBe(3);
    expect(parseConditionValue('"3"')).toBe('3');
    expect(parseConditionValue('["p1", "p2"]')).toEqual(['p1', 'p2']);
    expect(parseConditionValue('[]')).toBe('[]');
    expect(parseConditionValue('{"a":1}')).toBe('{"a":1}');
  });

  it('writes a value so that reading it gives it back', () => {
    for (const value of ['p1', 'true', '3', true, 3, ['p1', 2, false], 'two words', '']) {
      expect(parseConditionValue(formatConditionValue(value))).toEqual(value);
    }
    expect(formatConditionValue('p1')).toBe('p1');
    expect(formatConditionValue('3')).toBe('"3"');
  });

  it('sets, renames in place and removes fields; no field left is no condition', () => {
    const when = withConditionValue(withConditionValue(undefined, 'priority', 'p1'), 'state', 'new');
    expect(when).toEqual({ priority: 'p1', state: 'new' });
    expect(Object.keys(withConditionFieldRenamed(when, 'priority', 'urgency'))).toEqual(['urgency', 'state']);
    expect(withConditionFieldRenamed(when, 'priority', 'state')).toBe(when);
    expect(withoutConditionField(when, 'state')).toEqual({ priority: 'p1' });
    expect(withoutConditionField({ state: 'new' }, 'state')).toBeUndefined();
  });
});
