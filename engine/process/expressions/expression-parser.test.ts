import { thrown } from '../../../test/refusal.js';
import { parseExpression } from './expression-parser.js';


describe('parseExpression', () => {
  it('binds * / % tighter than + -, those tighter than comparisons, && tighter than ||, ?: loosest', () => {
    expect(parseExpression('a || b && c')).toEqual({
      type: 'logical',
      operator: '||',
      left: { type: 'name', name: 'a' },
      right: { type: 'logical', operator: '&&', left: { type: 'name', name: 'b' }, right: { type: 'name', name: 'c' } },
    });
    expect(parseExpression('1 + 2 * 3 < 4 ? x : y')).toMatchObject({
      type: 'conditional',
      test: { type: 'binary', operator: '<', left: { operator: '+', right: { operator: '*' } } },
    });
  });

  it('reads == and != as === and !==', () => {
    expect(parseExpression('a == 1')).toMatchObject({ type: 'binary', operator: '===' });
    expect(parseExpression('a != 1')).toMatchObject({ type: 'binary', operator: '!==' });
  });

  it('reads paths with dots and brackets, keeping a literal bracket key as a literal', () => {
    expect(parseExpression("a.b['c'][0]")).toEqual({
      type: 'member',
      object: { type: 'member', object: { type: 'member', object: { type: 'name', name: 'a' }, property: { type: 'literal', value: 'b' } }, property: { type: 'literal', value: 'c' } },
      property: { type: 'literal', value: 0 },
    });
  });

  it('reads literals: numbers, both quotes with escapes, true, false, null', () => {
    expect(parseExpression('1.5e2')).toEqual({ type: 'literal', value: 150 });
    expect(parseExpression(`'it\\'s' + "say \\"hi\\"\\n\\u4e2d"`)).toMatchObject({ left: { value: "it's" }, right: { value: 'say "hi"\n中' } });
    expect([parseExpression('true'), parseExpression('false'), parseExpression('null')].map((n) => (n as { value: unknown }).value)).toEqual([true, false, null]);
  });

  it('accepts names in any script, as bundle authors write them', () => {
    expect(parseExpression('变量.金额')).toMatchObject({ type: 'member', object: { name: '变量' }, property: { value: '金额' } });
  });

  it.each([
    ['1 +', 4, 'end of the expression'],
    ['a b', 3, '"b"'],
    ['(a', 3, 'expected ")"'],
    ['a ? b', 6, 'expected ":"'],
    ['a # b', 3, '"#"'],
    ["'open", 1, 'not closed'],
    ["'\\x'", 2, 'unknown escape'],
    ['a.1', 3, '"1"'],
  ])('refuses %j as EXPRESSION_INVALID at column %i', (source, column, words) => {
    const error = thrown(() => parseExpression(source));
    expect(error.code).toBe('EXPRESSION_INVALID');
    expect(error.details).toEqual([{ column }]);
    expect(error.message).toContain(words);
  });

  it('refuses an empty expression', () => {
    expect(thrown(() => parseExpression('  ')).code).toBe('EXPRESSION_INVALID');
  });

  it.each([
    ["constructor.constructor('return process')()", 'constructor'],
    ['this.constructor', 'constructor'],
    ['__proto__', '__proto__'],
    ["a['constructor']", 'constructor'],
    ['a.prototype', 'prototype'],
    ['environment.services.fn()', 'calls'],
    ['(a)(b)', 'calls'],
    ['a = 1', 'assignment'],
    ['x => x', 'functions'],
    ['`t`', 'template literals'],
    ['new Date', 'new'],
    ['delete a.b', 'delete'],
  ])('refuses %j as EXPRESSION_FORBIDDEN (%s)', (source, words) => {
    const error = thrown(() => parseExpression(source));
    expect(error.code).toBe('EXPRESSION_FORBIDDEN');
    expect(error.message).toContain(words);
  });

  it('refuses input longer than the limit before reading it', () => {
    const error = thrown(() => parseExpression('a'.repeat(1001)));
    expect(error.code).toBe('EXPRESSION_LIMIT');
    expect(parseExpression('a'.repeat(1000))).toEqual({ type: 'name', name: 'a'.repeat(1000) });
  });

  it.each([
    ['parentheses', `${'('.repeat(200)}1${')'.repeat(200)}`],
    ['negations', `${'!'.repeat(200)}a`],
    ['a chain of operators', Array.from({ length: 100 }, () => 'a').join(' + ')],
    ['nested brackets', `a${'[a'.repeat(100)}${']'.repeat(100)}`],
  ])('refuses %s nested past the depth limit as EXPRESSION_LIMIT', (_what, source) => {
    expect(thrown(() => parseExpression(source)).code).toBe('EXPRESSION_LIMIT');
  });

  it('honours tighter limits given by the caller', () => {
    const limits = { maxLength: 10, maxDepth: 3, maxSteps: 10 };
    expect(thrown(() => parseExpression('a + b + c + d', limits)).code).toBe('EXPRESSION_LIMIT');
    expect(thrown(() => parseExpression('a.b.c.d', limits)).code).toBe('EXPRESSION_LIMIT');
    expect(parseExpression('a.b.c', limits)).toMatchObject({ type: 'member' });
  });
});
