import type { ExpressionNode } from './expression-ast.js';
import { expressionError } from './expression-error.js';
import { createStepBudget, describe, evaluate } from './expression-evaluator.js';
import { DEFAULT_EXPRESSION_LIMITS, type ExpressionLimits } from './expression-limits.js';
import { parseExpression } from './expression-parser.js';
import { isWholeExpression, splitTemplate } from './expression-template.js';
import { createParseCache } from './parse-cache.js';

/** The `expressions` option of bpmn-engine: the interface bpmn-elements calls. */
export interface SafeExpressions {
  resolveExpression(templatedString: unknown, context?: unknown, expressionFnContext?: unknown): unknown;
  isExpression(text: unknown): boolean;
  hasExpression(text: unknown): boolean;
}

export interface SafeExpressionsOptions {
  limits?: ExpressionLimits;
  /** Parsed expressions kept, by source text. */
  cacheSize?: number;
}

export const DEFAULT_PARSE_CACHE_SIZE = 500;

/**
 * The expression handler Flowdesk gives bpmn-engine instead of its own, which can reach
 * `constructor` and call functions. Templated strings resolve as bpmn-elements resolves them:
 * a string that is one `${…}` gives the expression's value as it is; `${…}` inside other text is
 * replaced by the value as text (undefined as ''); text without `${` comes back unchanged. A value
 * put into text is never read for `${` again. Expressions see the message of the call (`content`,
 * `fields`, `properties`, …), `environment.variables` and `environment.output`, and the process
 * variables by their bare names — as data only.
 * @throws FlowdeskError EXPRESSION_INVALID, EXPRESSION_FORBIDDEN or EXPRESSION_LIMIT; bpmn-elements
 *   turns a throw into an error of the activity or flow that asked.
 */
export function createSafeExpressions(options: SafeExpressionsOptions = {}): SafeExpressions {
  const limits = options.limits ?? DEFAULT_EXPRESSION_LIMITS;
  const cache = createParseCache((source) => parseExpression(source, limits), options.cacheSize ?? DEFAULT_PARSE_CACHE_SIZE);
  return {
    resolveExpression(templatedString, context) {
      if (typeof templatedString !== 'string') return templatedString;
      return resolveTemplate(templatedString, scopesOfEngineContext(context), cache.parse, limits.maxSteps);
    },
    isExpression(text) {
      if (typeof text !== 'string') return false;
      try {
        return isWholeExpression(splitTemplate(text));
      } catch {
        return false;
      }
    },
    hasExpression(text) {
      return typeof text === 'string' && text.includes('${');
    },
  };
}

/**
 * Evaluates one expression (without `${` `}`) against a scope of plain data.
 * @throws FlowdeskError EXPRESSION_INVALID, EXPRESSION_FORBIDDEN or EXPRESSION_LIMIT.
 */
export function evaluateExpression(source: string, scope: unknown, limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS): unknown {
  return evaluate(parseExpression(source, limits), [scope], createStepBudget(limits.maxSteps));
}

function resolveTemplate(template: string, scopes: readonly unknown[], parse: (source: string) => ExpressionNode, maxSteps: number): unknown {
  const parts = splitTemplate(template);
  if (!parts.some((part) => part.kind === 'expression')) return template;
  const budget = createStepBudget(maxSteps);
  const valueOf = (source: string) => evaluate(parse(source), scopes, budget);
  if (isWholeExpression(parts)) return valueOf(parts[0].source);
  return parts.map((part) => (part.kind === 'text' ? part.text : asText(valueOf(part.source)))).join('');
}

function asText(value: unknown): string {
  if (value === undefined) return '';
  if (value !== null && typeof value === 'object') throw expressionError('EXPRESSION_INVALID', `\${…} inside text must give a string, number, boolean or null, not ${describe(value)}`);
  return String(value);
}

/**
 * The scopes a bpmn-elements context offers, in lookup order. bpmn-elements passes
 * `{ environment, ...message }`; the environment is the engine's own object (its variables sit
 * behind a getter of its class), so only its variables and output are taken from it, and the
 * rest is read as data. Bare names fall back to the process variables (`${decision == 'approve'}`);
 * the message's own fields (`content`, `fields`, `properties`, …) and `environment` win.
 */
function scopesOfEngineContext(context: unknown): unknown[] {
  if (typeof context !== 'object' || context === null) return [];
  const scope: Record<string, unknown> = Object.create(null);
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(context))) {
    if ('value' in descriptor) scope[key] = descriptor.value;
  }
  const environment = scope['environment'];
  if (typeof environment !== 'object' || environment === null) return [scope];
  const { variables, output } = environment as { variables?: unknown; output?: unknown };
  scope['environment'] = { variables, output };
  return [scope, variables];
}
