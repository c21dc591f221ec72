import type { ModdleElement } from 'bpmn-moddle';
import type { ProblemLocation } from '../../errors/flowdesk-error.js';

/** Where a finding about one flow element is: the file, the element id and its type. */
export type ElementPlace = Required<Pick<ProblemLocation, 'file' | 'element' | 'elementType'>>;

export function placeOf(element: ModdleElement, file: string): ElementPlace {
  return { file, element: element.id ?? '(no id)', elementType: element.$type };
}

/** The flow elements of a process, subprocesses' own included. */
export function flowElementsOf(container: ModdleElement): ModdleElement[] {
  const own = (container.get('flowElements') as ModdleElement[] | undefined) ?? [];
  return own.flatMap((element) => (element.$type.endsWith('SubProcess') || element.$type === 'bpmn:Transaction' ? [element, ...flowElementsOf(element)] : [element]));
}

export function eventDefinitionsOf(element: ModdleElement): ModdleElement[] {
  return (safeGet(element, 'eventDefinitions') as ModdleElement[] | undefined) ?? [];
}

/** moddle throws for properties an element type does not define; that is "absent" here. */
export function safeGet(element: ModdleElement, property: string): unknown {
  try {
    return element.get(property);
  } catch {
    return undefined;
  }
}

/** The text of an expression child (condition, timer value, loop cardinality), '' when empty. */
export function bodyOf(expression: unknown): string | undefined {
  if (!expression || typeof expression !== 'object') return undefined;
  const body = (expression as { body?: unknown }).body;
  return typeof body === 'string' ? body : '';
}
