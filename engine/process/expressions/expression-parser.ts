import type { BinaryOperator, ExpressionNode } from './expression-ast.js';
import { FORBIDDEN_NAMES } from './expression-ast.js';
import { expressionError } from './expression-error.js';
import { DEFAULT_EXPRESSION_LIMITS, type ExpressionLimits } from './expression-limits.js';
import { tokenize, type Punctuator, type Token } from './expression-tokenizer.js';

/** Binding power of each infix operator; `==` and `!=` mean `===` and `!==`. */
const INFIX: ReadonlyMap<Punctuator, { power: number; operator: BinaryOperator | '&&' | '||' }> = new Map([
  ['||', { power: 1, operator: '||' }],
  ['&&', { power: 2, operator: '&&' }],
  ['==', { power: 3, operator: '===' }],
  ['!=', { power: 3, operator: '!==' }],
  ['===', { power: 3, operator: '===' }],
  ['!==', { power: 3, operator: '!==' }],
  ['<', { power: 4, operator: '<' }],
  ['<=', { power: 4, operator: '<=' }],
  ['>', { power: 4, operator: '>' }],
  ['>=', { power: 4, operator: '>=' }],
  ['+', { power: 5, operator: '+' }],
  ['-', { power: 5, operator: '-' }],
  ['*', { power: 6, operator: '*' }],
  ['/', { power: 6, operator: '/' }],
  ['%', { power: 6, operator: '%' }],
] as const);
const CONDITIONAL_POWER = 0;
const UNARY_POWER = 7;

/** Words that would build or run code in JavaScript; named here so the error says why. */
const CODE_WORDS: ReadonlySet<string> = new Set(['new', 'function', 'class', 'import', 'delete', 'await', 'yield']);
const LITERAL_WORDS: ReadonlyMap<string, boolean | null> = new Map([['true', true], ['false', false], ['null', null]]);

/**
 * Parses the source of one expression (the text between `${` and `}`).
 * @throws FlowdeskError EXPRESSION_INVALID (with the column), EXPRESSION_FORBIDDEN (a call,
 *   `new`, assignment, constructor/__proto__/prototype) or EXPRESSION_LIMIT (too long, too deep).
 */
export function parseExpression(source: string, limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS): ExpressionNode {
  if (source.length > limits.maxLength) throw expressionError('EXPRESSION_LIMIT', `the expression is longer than ${limits.maxLength} characters`);
  if (source.trim() === '') throw expressionError('EXPRESSION_INVALID', 'the expression is empty');
  return new Parser(tokenize(source), limits.maxDepth).parseAll();
}

interface Sized {
  node: ExpressionNode;
  depth: number;
}

class Parser {
  private at = 0;
  private nesting = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly maxDepth: number,
  ) {}

  parseAll(): ExpressionNode {
    const { node } = this.parse(CONDITIONAL_POWER);
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest);
    return node;
  }

  private parse(minPower: number): Sized {
    if (++this.nesting > this.maxDepth) throw expressionError('EXPRESSION_LIMIT', `the expression nests deeper than ${this.maxDepth} levels`, this.peek().column);
    let left = this.parsePrefix();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'punctuator') break;
      if (token.value === '?' && minPower === CONDITIONAL_POWER) {
        left = this.parseConditional(left);
        continue;
      }
      const infix = INFIX.get(token.value);
      if (!infix || infix.power <= minPower) break;
      this.at++;
      const right = this.parse(infix.power);
      const operator = infix.operator;
      const node: ExpressionNode =
        operator === '&&' || operator === '||' ? { type: 'logical', operator, left: left.node, right: right.node } : { type: 'binary', operator, left: left.node, right: right.node };
      left = this.sized(node, left, right);
    }
    this.nesting--;
    return left;
  }

  private parseConditional(test: Sized): Sized {
    this.at++;
    const consequent = this.parse(CONDITIONAL_POWER);
    this.expect(':');
    const alternate = this.parse(CONDITIONAL_POWER);
    return this.sized({ type: 'conditional', test: test.node, consequent: consequent.node, alternate: alternate.node }, test, consequent, alternate);
  }

  private parsePrefix(): Sized {
    const token = this.next();
    if (token.kind === 'punctuator' && (token.value === '!' || token.value === '-')) {
      const operand = this.parse(UNARY_POWER);
      return this.sized({ type: 'unary', operator: token.value, operand: operand.node }, operand);
    }
    return this.parsePostfix(this.parsePrimary(token));
  }

  private parsePrimary(token: Token): Sized {
    switch (token.kind) {
      case 'number':
      case 'string':
        return { node: { type: 'literal', value: token.value }, depth: 1 };
      case 'name':
        if (LITERAL_WORDS.has(token.value)) return { node: { type: 'literal', value: LITERAL_WORDS.get(token.value)! }, depth: 1 };
        if (CODE_WORDS.has(token.value)) throw expressionError('EXPRESSION_FORBIDDEN', `"${token.value}" is not part of the expression language`, token.column);
        return { node: { type: 'name', name: checkName(token.value, token.column) }, depth: 1 };
      case 'punctuator':
        if (token.value === '(') {
          const inner = this.parse(CONDITIONAL_POWER);
          this.expect(')');
          return inner;
        }
        throw this.unexpected(token);
      case 'end':
        throw this.unexpected(token);
    }
  }

  /** Member access, and the refusal of calls: `(` after a value is a call. */
  private parsePostfix(object: Sized): Sized {
    let result = object;
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'punctuator') return result;
      if (token.value === '(') throw expressionError('EXPRESSION_FORBIDDEN', 'function calls are not allowed', token.column);
      if (token.value === '.') {
        this.at++;
        const name = this.next();
        if (name.kind !== 'name') throw this.unexpected(name);
        const property: ExpressionNode = { type: 'literal', value: checkName(name.value, name.column) };
        result = this.sized({ type: 'member', object: result.node, property }, result);
      } else if (token.value === '[') {
        this.at++;
        const property = this.parse(CONDITIONAL_POWER);
        this.expect(']');
        if (property.node.type === 'literal' && typeof property.node.value === 'string') checkName(property.node.value, token.column + 1);
        result = this.sized({ type: 'member', object: result.node, property: property.node }, result, property);
      } else {
        return result;
      }
    }
  }

  private sized(node: ExpressionNode, ...children: Sized[]): Sized {
    const depth = 1 + Math.max(...children.map((c) => c.depth));
    if (depth > this.maxDepth) throw expressionError('EXPRESSION_LIMIT', `the expression nests deeper than ${this.maxDepth} levels`);
    return { node, depth };
  }

  private expect(value: Punctuator): void {
    const token = this.next();
    if (token.kind !== 'punctuator' || token.value !== value) throw this.unexpected(token, `"${value}"`);
  }

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private next(): Token {
    const token = this.tokens[this.at]!;
    if (token.kind !== 'end') this.at++;
    return token;
  }

  private unexpected(token: Token, expected?: string): Error {
    const found = token.kind === 'end' ? 'end of the expression' : token.kind === 'string' ? 'string' : `"${token.value}"`;
    return expressionError('EXPRESSION_INVALID', `unexpected ${found}${expected ? `, expected ${expected}` : ''}`, token.column);
  }
}

function checkName(name: string, column: number): string {
  if (FORBIDDEN_NAMES.has(name)) throw expressionError('EXPRESSION_FORBIDDEN', `"${name}" is not accessible in expressions`, column);
  return name;
}
