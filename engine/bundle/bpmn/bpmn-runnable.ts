import type { ModdleElement } from 'bpmn-moddle';
import type { Problem } from '../../errors/flowdesk-error.js';
import { INERT_FLOW_ELEMENTS, JAVASCRIPT_FORMATS, RUNNABLE_EVENT_DEFINITIONS, RUNNABLE_FLOW_ELEMENTS, UNSUPPORTED_REASONS } from './bpmn-support.js';
import { eventDefinitionsOf, safeGet, type ElementPlace } from './moddle-element.js';

/** Vendor attributes that name code to run through an expression (camunda:expression, activiti:delegateExpression, …). */
const CODE_EXPRESSION_ATTRIBUTE = /:(?:delegate)?expression$/i;

/**
 * Whether the engine can run one flow element of an executable process: its type and event
 * definitions, what a script task runs, and no code named by an expression.
 */
export function checkRunnableElement(element: ModdleElement, where: ElementPlace): Problem[] {
  if (INERT_FLOW_ELEMENTS.has(element.$type)) return [];
  if (!RUNNABLE_FLOW_ELEMENTS.has(element.$type)) {
    return [{ code: 'BUNDLE_BPMN_UNSUPPORTED', ...where, message: UNSUPPORTED_REASONS[element.$type] ?? `${element.$type} is not run by the Flowdesk engine` }];
  }
  const problems: Problem[] = [];
  for (const definition of eventDefinitionsOf(element)) {
    if (!RUNNABLE_EVENT_DEFINITIONS.has(definition.$type)) {
      problems.push({ code: 'BUNDLE_BPMN_UNSUPPORTED', ...where, message: `${definition.$type} on ${element.$type} is not run by the Flowdesk engine` });
    }
  }
  if (element.$type === 'bpmn:ScriptTask') problems.push(...checkScriptTask(element, where));
  if (safeGet(element, 'triggeredByEvent') === true) problems.push(...checkEventSubprocess(element, where));
  const codeAttribute = codeExpressionAttribute(element);
  if (codeAttribute) {
    problems.push({ code: 'BUNDLE_BPMN_UNSUPPORTED', ...where, message: `${codeAttribute} names code to run through a \${…} expression, which Flowdesk never does; use flowdesk:plugin` });
  }
  if (!element.id) problems.push({ code: 'BUNDLE_BPMN_INVALID', ...where, message: 'every flow element needs an id' });
  return problems;
}

/** Event subprocesses the runtime starts: at process level, started by a timer, message or signal. */
const EVENT_SUBPROCESS_STARTS: ReadonlySet<string> = new Set(['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition']);

function checkEventSubprocess(element: ModdleElement, where: ElementPlace): Problem[] {
  if (element.$parent?.$type !== 'bpmn:Process') {
    return [{ code: 'BUNDLE_BPMN_UNSUPPORTED', ...where, message: 'event subprocesses are run at process level only, not inside another subprocess' }];
  }
  const flowElements = (safeGet(element, 'flowElements') ?? []) as ModdleElement[];
  const starts = flowElements.filter((child) => child.$type === 'bpmn:StartEvent');
  const kinds = starts.flatMap((start) => eventDefinitionsOf(start).map((definition) => definition.$type));
  if (starts.length !== 1 || kinds.length !== 1 || !EVENT_SUBPROCESS_STARTS.has(kinds[0]!)) {
    return [{ code: 'BUNDLE_BPMN_UNSUPPORTED', ...where, message: 'an event subprocess needs exactly one start event, with a timer, message or signal definition' }];
  }
  return [];
}

/** A script task runs either its inline JavaScript or the plugin it names — one of the two. */
function checkScriptTask(element: ModdleElement, where: ElementPlace): Problem[] {
  const hasScript = String(safeGet(element, 'script') ?? '').trim() !== '';
  const format = String(safeGet(element, 'scriptFormat') ?? '').toLowerCase();
  if (safeGet(element, 'flowdesk:plugin') !== undefined) {
    return hasScript ? [{ code: 'BUNDLE_BPMN_INVALID', ...where, message: 'the script task has an inline script and flowdesk:plugin; keep one of them' }] : [];
  }
  if (!JAVASCRIPT_FORMATS.has(format)) {
    return [{ code: 'BUNDLE_BPMN_UNSUPPORTED', ...where, message: `scriptFormat "${format}" is not run; inline scripts are JavaScript, or name a plugin with flowdesk:plugin` }];
  }
  return hasScript ? [] : [{ code: 'BUNDLE_BPMN_INVALID', ...where, message: 'the script task has no script; write JavaScript in it or name a plugin with flowdesk:plugin' }];
}

/**
 * bpmn-elements resolves `implementation` as an expression and calls the function it finds;
 * BPMN's own markers such as "##WebService" (which Signavio writes) name no code and pass.
 */
function codeExpressionAttribute(element: ModdleElement): string | undefined {
  const implementation = safeGet(element, 'implementation');
  if (typeof implementation === 'string' && implementation.includes('${')) return 'implementation';
  return Object.entries(element.$attrs ?? {}).find(([name, value]) => CODE_EXPRESSION_ATTRIBUTE.test(name) && String(value).includes('${'))?.[0];
}
