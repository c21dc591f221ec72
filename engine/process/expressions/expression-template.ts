import { expressionError } from './expression-error.js';

/** A templated string cut into literal text and the sources of its `${…}` expressions. */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'expression'; source: string };

/**
 * Cuts a templated string into parts. An expression runs from `${` to the first `}` outside a
 * quoted string, so `${a == '}'}` is one expression (bpmn-elements would cut it at the quote).
 * @throws FlowdeskError EXPRESSION_INVALID when a `${` is never closed: read as text, it would
 *   make a condition a non-empty string, which is always true.
 */
export function splitTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < template.length) {
    const start = template.indexOf('${', at);
    if (start < 0) break;
    if (start > at) parts.push({ kind: 'text', text: template.slice(at, start) });
    const end = closingBrace(template, start + 2);
    if (end < 0) throw expressionError('EXPRESSION_INVALID', `"\${" at column ${start + 1} is never closed by "}"`);
    parts.push({ kind: 'expression', source: template.slice(start + 2, end) });
    at = end + 1;
  }
  if (at < template.length) parts.push({ kind: 'text', text: template.slice(at) });
  return parts;
}

/** Whether the whole text is one `${…}`; such a template yields the expression's own value. */
export function isWholeExpression(parts: TemplatePart[]): parts is [Extract<TemplatePart, { kind: 'expression' }>] {
  return parts.length === 1 && parts[0]!.kind === 'expression';
}

function closingBrace(template: string, from: number): number {
  let quote: string | undefined;
  for (let at = from; at < template.length; at++) {
    const char = template[at];
    if (quote) {
      if (char === '\\') at++;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '}') {
      return at;
    }
  }
  return -1;
}
