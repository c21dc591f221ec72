import type { BinaryOperator, ExpressionNode } from './expression-ast.js';
import { readProperty } from './data-access.js';
import { expressionError } from './expression-error.js';

/** Counts visited nodes across the expressions of one templated string. */
export interface StepBudget {
  remaining: number;
  readonly maxSteps: number;
}

export function createStepBudget(maxSteps: number): StepBudget {
  return { remaining: maxSteps, maxSteps };
}

/**
 * Evaluates a parsed expression against scopes of data. A name is an own data property of the
 * first scope where it is defined; a missing step of a path gives undefined rather than an error.
 * Operators never coerce objects (which could call a toString or valueOf found in the data).
 * @throws FlowdeskError EXPRESSION_INVALID (an operator on values it does not take),
 *   EXPRESSION_FORBIDDEN (a computed key naming constructor, __proto__ or prototype),
 *   EXPRESSION_LIMIT (the step budget is spent).
 */
export function evaluate(node: ExpressionNode, scopes: readonly unknown[], budget: StepBudget): unknown {
  if (--budget.remaining < 0) throw expressionError('EXPRESSION_LIMIT', `evaluation took more than ${budget.maxSteps} steps`);
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'name':
      return lookUp(scopes, node.name);
    case 'member':
      return readProperty(evaluate(node.object, scopes, budget), evaluate(node.property, scopes, budget));
    case 'unary': {
      const operand = evaluate(node.operand, scopes, budget);
      if (node.operator === '!') return !operand;
      return -number(operand, '-');
    }
    case 'logical': {
      const left = evaluate(node.left, scopes, budget);
      if (node.operator === '&&') return left ? evaluate(node.right, scopes, budget) : left;
      return left ? left : evaluate(node.right, scopes, budget);
    }
    case 'conditional':
      return evaluate(node.test, scopes, budget) ? evaluate(node.consequent, scopes, budget) : evaluate(node.alternate, scopes, budget);
    case 'binary':
      return applyBinary(node.operator, evaluate(node.left, scopes, budget), evaluate(node.right, scopes, budget));
  }
}

function lookUp(scopes: readonly unknown[], name: string): unknown {
  for (const scope of scopes) {
    const value = readProperty(scope, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

function applyBinary(operator: BinaryOperator, left: unknown, right: unknown): unknown {
  switch (operator) {
    case '===':
      return left === right;
    case '!==':
      return left !== right;
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(operator, left, right);
    case '+':
      if (typeof left === 'number' && typeof right === 'number') return left + right;
      if (typeof left === 'string' || typeof right === 'string') return text(left, '+') + text(right, '+');
      throw typeError('+', left, right);
    case '-':
      return number(left, operator) - number(right, operator);
    case '*':
      return number(left, operator) * number(right, operator);
    case '/':
      return number(left, operator) / number(right, operator);
    case '%':
      return number(left, operator) % number(right, operator);
  }
}

/** Numbers with numbers, strings with strings; any other pair is simply not ordered (false). */
function compare(operator: '<' | '<=' | '>' | '>=', left: unknown, right: unknown): boolean {
  const comparable = (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  const [a, b] = [left as number | string, right as number | string];
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function number(value: unknown, operator: string): number {
  if (typeof value === 'number') return value;
  throw expressionError('EXPRESSION_INVALID', `${operator} takes numbers, not ${describe(value)}`);
}

/** Primitives join as JavaScript writes them; objects and arrays are refused rather than guessed at. */
function text(value: unknown, operator: string): string {
  if (value !== null && typeof value === 'object') throw expressionError('EXPRESSION_INVALID', `${operator} cannot join ${describe(value)} to a string`);
  return String(value);
}

function typeError(operator: string, left: unknown, right: unknown): Error {
  return expressionError('EXPRESSION_INVALID', `${operator} takes two numbers or a string, not ${describe(left)} and ${describe(right)}`);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
