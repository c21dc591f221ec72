import { combinations, computedRuleOf, rowsOf, tableOf, withComputedRule, withEveryCombination, withFrom } from './computed-rule.js';

const SCHEMA = {
  type: 'string',
  'x-flowdesk-computed': { from: ['impact', 'urgency'], table: { '1': { '1': 'high', '2': 'medium' }, '2': { '1': 'medium' } }, otherwise: 'low' },
};

describe('a computed field’s lookup table', () => {
  it('reads as rows of keys and a result, and rows make the same table again', () => {
    const rule = computedRuleOf(SCHEMA);
    const rows = rowsOf(rule);
    expect(rows).toEqual([
      { keys: ['1', '1'], result: 'high' },
      { keys: ['1', '2'], result: 'medium' },
      { keys: ['2', '1'], result: 'medium' },
    ]);
    expect(tableOf(rows)).toEqual(rule.table);
    expect(withComputedRule(SCHEMA, { ...rule, table: tableOf(rows) })).toEqual(SCHEMA);
  });

  it('leaves out entries at the wrong depth and rows keyed by prototype names', () => {
    expect(rowsOf({ from: ['a', 'b'], table: { x: 'too shallow', y: { z: { w: 'too deep' } } } })).toEqual([]);
    expect(tableOf([{ keys: ['__proto__'], result: 'x' }, { keys: ['ok'], result: 'y' }])).toEqual({ ok: 'y' });
  });

  it('starts an empty table when it is computed from other fields, and drops an empty otherwise', () => {
    const rule = computedRuleOf(SCHEMA);
    expect(withFrom(rule, ['impact', 'urgency'])).toBe(rule);
    expect(withFrom(rule, ['impact'])).toEqual({ from: ['impact'], table: {}, otherwise: 'low' });
    expect(withComputedRule({}, { from: ['a'], table: {}, otherwise: '' })).toEqual({ 'x-flowdesk-computed': { from: ['a'], table: {} } });
  });

  it('fills in a row for every combination of the choices it lacks', () => {
    expect(combinations([['1', '2'], ['a', 'b']])).toEqual([['1', 'a'], ['1', 'b'], ['2', 'a'], ['2', 'b']]);
    const rows = withEveryCombination([{ keys: ['1', 'a'], result: 'kept' }], [['1', '2'], ['a']], '');
    expect(rows).toEqual([{ keys: ['1', 'a'], result: 'kept' }, { keys: ['2', 'a'], result: '' }]);
  });
});
