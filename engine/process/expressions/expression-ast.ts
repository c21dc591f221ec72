/** The syntax tree of an expression. Plain data: parsed once, cached, evaluated many times. */
export type BinaryOperator = '*' | '/' | '%' | '+' | '-' | '<' | '<=' | '>' | '>=' | '===' | '!==';

export type ExpressionNode =
  | { type: 'literal'; value: string | number | boolean | null }
  | { type: 'name'; name: string }
  /** `object.name` and `object['name']` carry a literal property; `object[expression]` a computed one. */
  | { type: 'member'; object: ExpressionNode; property: ExpressionNode }
  | { type: 'unary'; operator: '!' | '-'; operand: ExpressionNode }
  | { type: 'binary'; operator: BinaryOperator; left: ExpressionNode; right: ExpressionNode }
  | { type: 'logical'; operator: '&&' | '||'; left: ExpressionNode; right: ExpressionNode }
  | { type: 'conditional'; test: ExpressionNode; consequent: ExpressionNode; alternate: ExpressionNode };

/** Names that lead from data to code; refused wherever they appear. */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['constructor', '__proto__', 'prototype']);
