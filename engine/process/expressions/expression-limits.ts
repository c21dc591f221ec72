/**
 * Bounds on one expression. The length bound also bounds the tree and the work, so the step
 * bound is a second line of defence for whoever raises the others.
 */
export interface ExpressionLimits {
  /** Characters between `${` and `}`. */
  readonly maxLength: number;
  /** Nesting of the syntax tree (and of the parser's recursion). */
  readonly maxDepth: number;
  /** Tree nodes visited while resolving one templated string. */
  readonly maxSteps: number;
}

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = Object.freeze({ maxLength: 1000, maxDepth: 64, maxSteps: 1000 });
