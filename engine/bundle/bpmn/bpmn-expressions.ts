import type { ModdleElement } from 'bpmn-moddle';
import type { Problem } from '../../errors/flowdesk-error.js';
import { isWholeExpression, parseExpression, splitTemplate, type TemplatePart } from '../../process/expressions/index.js';
import { JAVASCRIPT_FORMATS } from './bpmn-support.js';
import { bodyOf, safeGet, type ElementPlace } from './moddle-element.js';

/**
 * Checks the expressions an element carries — a sequence flow's condition, a loop's condition
 * and cardinality — as the engine will read them: with the Flowdesk expression language, or
 * (conditions only) as JavaScript run in the sandbox.
 */
export function checkExpressions(element: ModdleElement, where: ElementPlace): Problem[] {
  const loop = safeGet(element, 'loopCharacteristics') as ModdleElement | undefined;
  return [...checkCondition(safeGet(element, 'conditionExpression'), where), ...(loop ? checkLoop(loop, where) : [])];
}

/**
 * Problems of a text the engine resolves as a template: each `${…}` must parse, and with `whole`
 * the text must be exactly one `${…}` — anything else resolves to a string, which is always true.
 */
export function checkTemplate(text: string, what: string, where: ElementPlace, whole = false): Problem[] {
  let parts: TemplatePart[];
  try {
    parts = splitTemplate(text);
  } catch (error) {
    return [{ code: 'BUNDLE_BPMN_INVALID', ...where, message: `${what}: ${(error as Error).message}` }];
  }
  if (whole && !isWholeExpression(parts)) {
    return [{ code: 'BUNDLE_BPMN_INVALID', ...where, message: `${what} must be one \${…} expression with nothing around it (not even spaces); as text it would always be true` }];
  }
  return parts.flatMap((part) => {
    if (part.kind === 'text') return [];
    try {
      parseExpression(part.source);
      return [];
    } catch (error) {
      return [{ code: 'BUNDLE_BPMN_INVALID', ...where, message: `${what} \${${clip(part.source)}} is refused: ${(error as Error).message}` }];
    }
  });
}

function checkCondition(condition: unknown, where: ElementPlace): Problem[] {
  const body = bodyOf(condition);
  if (body === undefined) return [];
  if (body.trim() === '') return [emptyCondition('the condition', where)];
  const language = String((condition as { language?: unknown }).language ?? '');
  if (language === '') return checkTemplate(body, 'the condition', where, true);
  if (JAVASCRIPT_FORMATS.has(language.toLowerCase())) return [];
  return [{ code: 'BUNDLE_BPMN_UNSUPPORTED', ...where, message: `condition language "${language}" is not run; write one \${…} expression (no language) or JavaScript` }];
}

/** Loop expressions are always resolved as expressions: the engine ignores their language. */
function checkLoop(loop: ModdleElement, where: ElementPlace): Problem[] {
  const problems: Problem[] = [];
  for (const property of ['completionCondition', 'loopCondition'] as const) {
    const condition = safeGet(loop, property);
    const body = bodyOf(condition);
    if (body === undefined) continue;
    if (body.trim() === '') problems.push(emptyCondition(`the ${property}`, where));
    else problems.push(...checkLanguageAbsent(condition, property, where), ...checkTemplate(body, `the ${property}`, where, true));
  }
  const cardinality = safeGet(loop, 'loopCardinality');
  const text = bodyOf(cardinality)?.trim();
  if (text === undefined) return problems;
  problems.push(...checkLanguageAbsent(cardinality, 'loopCardinality', where));
  if (/^\d+$/.test(text)) return problems;
  if (text.startsWith('${')) return [...problems, ...checkTemplate(text, 'the loopCardinality', where, true)];
  return [...problems, { code: 'BUNDLE_BPMN_INVALID', ...where, message: `loopCardinality "${clip(text)}" is neither a whole number nor one \${…} expression` }];
}

function checkLanguageAbsent(expression: unknown, property: string, where: ElementPlace): Problem[] {
  const language = (expression as { language?: unknown }).language;
  if (typeof language !== 'string' || language.trim() === '') return [];
  return [{ code: 'BUNDLE_BPMN_UNSUPPORTED', ...where, message: `${property} language "${language}" is not run: loop expressions are always \${…} expressions` }];
}

function emptyCondition(what: string, where: ElementPlace): Problem {
  return { code: 'BUNDLE_BPMN_HAZARD', ...where, message: `${what} is empty, so it decides nothing; write it or remove it` };
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
