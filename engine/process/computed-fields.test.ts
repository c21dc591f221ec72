import { computedFieldNames, lookUpComputed, withComputedFields, type ComputedRule } from './computed-fields.js';

// The priority matrix the itil-incident bundle declares: impact × urgency, 1 the highest of each.
const PRIORITY: ComputedRule = {
  from: ['impact', 'urgency'],
  table: {
    '1': { '1': 'p1', '2': 'p2', '3': 'p3' },
    '2': { '1': 'p2', '2': 'p3', '3': 'p4' },
    '3': { '1': 'p3', '2': 'p4', '3': 'p4' },
  },
  otherwise: 'p4',
};
const SCHEMA = {
  type: 'object',
  properties: {
    impact: { type: 'integer' },
    urgency: { type: 'integer' },
    priority: { type: 'string', 'x-flowdesk-computed': PRIORITY },
  },
};

describe('computed form fields', () => {
  it('looks the value up by each from field in turn', () => {
    expect(lookUpComputed(PRIORITY, { impact: 1, urgency: 1 })).toBe('p1');
    expect(lookUpComputed(PRIORITY, { impact: 2, urgency: 1 })).toBe('p2');
    expect(lookUpComputed(PRIORITY, { impact: 1, urgency: 3 })).toBe('p3');
    expect(lookUpComputed(PRIORITY, { impact: 3, urgency: 3 })).toBe('p4');
  });

  it('takes otherwise on a miss, a missing field, or a value that is not plain', () => {
    expect(lookUpComputed(PRIORITY, { impact: 4, urgency: 1 })).toBe('p4');
    expect(lookUpComputed(PRIORITY, { impact: 1 })).toBe('p4');
    expect(lookUpComputed(PRIORITY, { impact: [1], urgency: 1 })).toBe('p4');
    expect(lookUpComputed(PRIORITY, { impact: { toString: () => '1' }, urgency: 1 })).toBe('p4');
  });

  it('never reads inherited keys of the table', () => {
    const rule: ComputedRule = { from: ['a'], table: { x: 'ok' } };
    expect(lookUpComputed(rule, { a: 'constructor' })).toBeUndefined();
    expect(lookUpComputed(rule, { a: '__proto__' })).toBeUndefined();
    expect(lookUpComputed(rule, { a: 'x' })).toBe('ok');
  });

  it('overwrites what the client claims with the server\'s own value', () => {
    expect(withComputedFields(SCHEMA, { impact: 3, urgency: 3, priority: 'p1' })).toEqual({ impact: 3, urgency: 3, priority: 'p4' });
  });

  it('drops a claimed value when the table has none and there is no otherwise', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string', 'x-flowdesk-computed': { from: ['a'], table: { x: 'y' } } } } };
    expect(withComputedFields(schema, { a: 'z', b: 'forged' })).toEqual({ a: 'z' });
    expect(withComputedFields(schema, { a: 'x', b: 'forged' })).toEqual({ a: 'x', b: 'y' });
  });

  it('never computes from a computed field, whose value would be the client\'s', () => {
    const schema = {
      type: 'object',
      properties: {
        a: { type: 'string' },
        b: { type: 'string', 'x-flowdesk-computed': { from: ['a'], table: { x: 'y' } } },
        c: { type: 'string', 'x-flowdesk-computed': { from: ['b'], table: { forged: 'gotcha' }, otherwise: 'safe' } },
      },
    };
    expect(withComputedFields(schema, { a: 'x', b: 'forged' })).toEqual({ a: 'x', b: 'y', c: 'safe' });
  });

  it('leaves data that is not an object, and forms without computed fields, as they are', () => {
    expect(withComputedFields(SCHEMA, 'nonsense')).toBe('nonsense');
    const data = { impact: 1 };
    expect(withComputedFields({ type: 'object', properties: { impact: { type: 'integer' } } }, data)).toBe(data);
    expect(computedFieldNames(SCHEMA)).toEqual(['priority']);
  });
});
