/**
 * The Flowdesk expression language: what `${…}` in a process diagram may say. Data paths,
 * arithmetic, comparisons, logic and choice — no calls, no assignment, no way from data to code.
 * See docs/expressions.md.
 */

/** The handler for bpmn-engine's `expressions` option, and one-off evaluation against data. */
export { createSafeExpressions, evaluateExpression, DEFAULT_PARSE_CACHE_SIZE, type SafeExpressions, type SafeExpressionsOptions } from './safe-expressions.js';
/** Parsing alone, for validators: throws EXPRESSION_INVALID / EXPRESSION_FORBIDDEN / EXPRESSION_LIMIT. */
export { parseExpression } from './expression-parser.js';
/** Cutting a templated string into text and `${…}` sources, as the handler does. */
export { splitTemplate, isWholeExpression, type TemplatePart } from './expression-template.js';
export { DEFAULT_EXPRESSION_LIMITS, type ExpressionLimits } from './expression-limits.js';
export type { ExpressionNode } from './expression-ast.js';
