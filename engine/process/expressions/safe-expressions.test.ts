import { jest } from '@jest/globals';
import { thrown } from '../../../test/refusal.js';
import { createSafeExpressions, evaluateExpression } from './safe-expressions.js';


/** A context shaped as bpmn-elements builds it: `{ environment, ...message }`. */
function engineContext(variables: Record<string, unknown>, content: Record<string, unknown> = {}) {
  const services = { fn: jest.fn() };
  class Environment {
    readonly services = services;
    readonly output = { total: 3 };
    get variables() {
      return variables;
    }
  }
  return { context: { environment: new Environment(), content, fields: { routingKey: 'run.execute' }, properties: {} }, services };
}

describe('evaluateExpression', () => {
  it('computes with the usual precedence and left-to-right association', () => {
    expect(evaluateExpression('1 + 2 * 3', {})).toBe(7);
    expect(evaluateExpression('(1 + 2) * 3', {})).toBe(9);
    expect(evaluateExpression('10 - 4 - 3', {})).toBe(3);
    expect(evaluateExpression('-2 * 3 + 7 % 4', {})).toBe(-3);
    expect(evaluateExpression('!false && 2 > 1 == true', {})).toBe(true);
    expect(evaluateExpression('a ? 1 : b ? 2 : 3', { a: false, b: true })).toBe(2);
  });

  it('short-circuits && || and ?: : the side not taken is not evaluated', () => {
    // Evaluated, "1 - 'x'" would throw EXPRESSION_INVALID.
    expect(evaluateExpression("false && 1 - 'x'", {})).toBe(false);
    expect(evaluateExpression("true || 1 - 'x'", {})).toBe(true);
    expect(evaluateExpression("true ? 1 : 1 - 'x'", {})).toBe(1);
    expect(evaluateExpression("0 || ''  || 'last'", {})).toBe('last');
    expect(evaluateExpression("'a' && 'b'", {})).toBe('b');
  });

  it('follows paths through objects, arrays and strings; a missing step gives undefined', () => {
    const scope = { a: { b: { c: 'deep' }, list: [10, [20, 30]], name: 'Ann' }, i: 1, key: 'b' };
    expect(evaluateExpression('a.b.c', scope)).toBe('deep');
    expect(evaluateExpression("a['b']['c']", scope)).toBe('deep');
    expect(evaluateExpression('a[key].c', scope)).toBe('deep');
    expect(evaluateExpression('a.list[i][0]', scope)).toBe(20);
    expect(evaluateExpression('a.list.length + a.name.length', scope)).toBe(5);
    expect(evaluateExpression('a.name[0]', scope)).toBe('A');
    expect(evaluateExpression('a.list[-1]', scope)).toBeUndefined();
    expect(evaluateExpression('a.nothing.further.down', scope)).toBeUndefined();
    expect(evaluateExpression('missing', scope)).toBeUndefined();
    expect(evaluateExpression('a.b.c.length.x', scope)).toBeUndefined();
  });

  it('compares strictly: == is ===, and only numbers with numbers or strings with strings are ordered', () => {
    expect(evaluateExpression("1 == '1'", {})).toBe(false);
    expect(evaluateExpression("'1' === '1' && 1 != 2", {})).toBe(true);
    expect(evaluateExpression('missing == null', {})).toBe(false);
    expect(evaluateExpression("'apple' < 'banana'", {})).toBe(true);
    expect(evaluateExpression("'10' > 9", {})).toBe(false);
    expect(evaluateExpression("'10' <= 9", {})).toBe(false);
    expect(evaluateExpression('missing > 100 || missing <= 100', {})).toBe(false);
  });

  it('joins strings with + and refuses arithmetic on anything but numbers', () => {
    expect(evaluateExpression("'n=' + 1 + 2", {})).toBe('n=12');
    expect(evaluateExpression("1 + 2 + '!'", {})).toBe('3!');
    expect(evaluateExpression("'v:' + null + true", {})).toBe('v:nulltrue');
    for (const source of ["'a' - 1", "-'1'", 'true + 1', 'list + 1', "list + 'x'", 'list * 2']) {
      expect(thrown(() => evaluateExpression(source, { list: [1] })).code).toBe('EXPRESSION_INVALID');
    }
  });
});

describe('createSafeExpressions', () => {
  const expressions = createSafeExpressions();

  it('resolves conditions against environment.variables and the message content', () => {
    const { context } = engineContext({ amount: 150 }, { output: { decision: 'approve' } });
    expect(expressions.resolveExpression('${environment.variables.amount > 100}', context)).toBe(true);
    expect(expressions.resolveExpression("${content.output.decision == 'approve'}", context)).toBe(true);
    expect(expressions.resolveExpression('${environment.output.total}', context)).toBe(3);
    expect(expressions.resolveExpression('${fields.routingKey}', context)).toBe('run.execute');
  });

  it('reads process variables by their bare names, where the message\'s own fields win', () => {
    const { context } = engineContext({ amount: 150, content: 'a variable', fields: 'another' }, { output: 'the message' });
    expect(expressions.resolveExpression('${amount > 100}', context)).toBe(true);
    expect(expressions.resolveExpression('${content.output}', context)).toBe('the message');
    expect(expressions.resolveExpression('${fields.routingKey}', context)).toBe('run.execute');
    expect(expressions.resolveExpression('${environment.variables.content}', context)).toBe('a variable');
  });

  it('gives the raw value for a whole ${…}, text for embedded ones (undefined as ""), and other input unchanged', () => {
    const { context } = engineContext({ list: [1, 2], name: 'Ann', n: 0 });
    expect(expressions.resolveExpression('${environment.variables.list}', context)).toEqual([1, 2]);
    expect(expressions.resolveExpression('${environment.variables.n}', context)).toBe(0);
    expect(expressions.resolveExpression('${environment.variables.none}', context)).toBeUndefined();
    expect(expressions.resolveExpression('Hi ${environment.variables.name}${environment.variables.none}, ${1 + 1}!', context)).toBe('Hi Ann, 2!');
    expect(expressions.resolveExpression('PT5M', context)).toBe('PT5M');
    expect(expressions.resolveExpression(42, context)).toBe(42);
    expect(expressions.resolveExpression("${'}' + '{'}", context)).toBe('}{');
  });

  it('never reads a value put into text for ${ again', () => {
    const { context } = engineContext({ note: '${environment.variables.secret}', secret: 's3cret' });
    expect(expressions.resolveExpression('note: ${environment.variables.note}', context)).toBe('note: ${environment.variables.secret}');
  });

  it('refuses an object inside text rather than calling its toString', () => {
    const toString = jest.fn(() => 'called');
    const { context } = engineContext({ data: { toString } });
    expect(thrown(() => expressions.resolveExpression('x ${environment.variables.data}', context)).code).toBe('EXPRESSION_INVALID');
    expect(thrown(() => expressions.resolveExpression("${environment.variables.data + 'x'}", context)).code).toBe('EXPRESSION_INVALID');
    expect(expressions.resolveExpression('${environment.variables.data < 1}', context)).toBe(false);
    expect(toString).not.toHaveBeenCalled();
  });

  it('refuses a ${ that is never closed instead of passing it through as a (truthy) string', () => {
    expect(thrown(() => expressions.resolveExpression("${a == 'x}", {})).code).toBe('EXPRESSION_INVALID');
  });

  it('tells whole expressions from text containing them', () => {
    expect([expressions.isExpression('${a}'), expressions.isExpression(' ${a}'), expressions.isExpression('${a}${b}'), expressions.isExpression('${a')]).toEqual([true, false, false, false]);
    expect([expressions.hasExpression('x ${a}'), expressions.hasExpression('x'), expressions.hasExpression(undefined)]).toEqual([true, false, false]);
  });

  it('counts evaluation steps across the expressions of one string', () => {
    const tight = createSafeExpressions({ limits: { maxLength: 100, maxDepth: 10, maxSteps: 5 } });
    expect(tight.resolveExpression('${1 + 1}', {})).toBe(2);
    expect(thrown(() => tight.resolveExpression('${1 + 1} ${1 + 1}', {})).code).toBe('EXPRESSION_LIMIT');
  });

  describe('hostile input', () => {
    it.each([
      ["${constructor.constructor('return process')()}", 'EXPRESSION_FORBIDDEN'],
      ['${environment.constructor}', 'EXPRESSION_FORBIDDEN'],
      ['${this.constructor}', 'EXPRESSION_FORBIDDEN'],
      ['${__proto__}', 'EXPRESSION_FORBIDDEN'],
      ["${a['constructor']['constructor']}", 'EXPRESSION_FORBIDDEN'],
      ["${environment.variables['__pro' + 'to__']}", 'EXPRESSION_FORBIDDEN'],
      ['${environment.variables[environment.variables.key]}', 'EXPRESSION_FORBIDDEN'],
      ['${environment.services.fn()}', 'EXPRESSION_FORBIDDEN'],
      ["${environment.services['fn']()}", 'EXPRESSION_FORBIDDEN'],
      [`\${${'('.repeat(500)}1${')'.repeat(500)}}`, 'EXPRESSION_LIMIT'],
      [`\${${'a.'.repeat(5000)}a}`, 'EXPRESSION_LIMIT'],
    ])('refuses %s with %s and calls nothing', (template, code) => {
      const { context, services } = engineContext({ key: 'constructor' });
      expect(thrown(() => expressions.resolveExpression(template, context)).code).toBe(code);
      expect(services.fn).not.toHaveBeenCalled();
    });

    it('reads what is not own data as undefined: inherited members, functions, services, class instances', () => {
      const hostFn = jest.fn(() => 'ran');
      const { context, services } = engineContext({ fn: hostFn, when: new Date(0), instance: new (class { x = 1 })(), map: new Map([['x', 1]]) });
      for (const template of ['${content.toString}', '${environment.variables.fn}', '${environment.services}', '${environment.variables.when}', '${environment.variables.instance.x}', '${environment.variables.map}', '${environment.variables.hasOwnProperty}', '${environment.settings}']) {
        expect(expressions.resolveExpression(template, context)).toBeUndefined();
      }
      expect(expressions.resolveExpression('${environment.variables.fn ? 1 : 2}', context)).toBe(2);
      expect(hostFn).not.toHaveBeenCalled();
      expect(services.fn).not.toHaveBeenCalled();
    });

    it('never invokes a getter, in the data or in the context itself', () => {
      const reads = jest.fn();
      const variables = Object.defineProperties({}, {
        boom: { enumerable: true, get: () => { reads(); throw new Error('getter ran'); } },
        forever: { enumerable: true, get: () => { reads(); for (;;); } },
      });
      const context = Object.defineProperty(engineContext(variables).context, 'sneaky', { enumerable: true, get: () => reads() });
      expect(expressions.resolveExpression('${environment.variables.boom}', context)).toBeUndefined();
      expect(expressions.resolveExpression('${environment.variables.forever}', context)).toBeUndefined();
      expect(expressions.resolveExpression('${sneaky}', context)).toBeUndefined();
      expect(reads).not.toHaveBeenCalled();
    });

    it('never triggers a proxy trap', () => {
      const trap = jest.fn();
      const handler = { get: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap, has: trap, ownKeys: trap } as ProxyHandler<object>;
      const { context } = engineContext({ proxy: new Proxy({ x: 1 }, handler), list: new Proxy([1], handler) });
      expect(expressions.resolveExpression('${environment.variables.proxy.x}', context)).toBeUndefined();
      expect(expressions.resolveExpression('${environment.variables.proxy}', context)).toBeUndefined();
      expect(expressions.resolveExpression('${environment.variables.list[0]}', context)).toBeUndefined();
      expect(trap).not.toHaveBeenCalled();
    });
  });
});
