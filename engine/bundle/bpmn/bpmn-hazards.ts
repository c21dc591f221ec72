import type { ModdleElement } from 'bpmn-moddle';
import type { Problem } from '../../errors/flowdesk-error.js';
import { WAIT_STATES } from './bpmn-support.js';
import { checkTimer, type TimerCheck } from './bpmn-timers.js';
import { findCycles } from './flow-cycles.js';
import { bodyOf, eventDefinitionsOf, placeOf, safeGet, type ElementPlace } from './moddle-element.js';

/** The most instances a loop may ask for in a literal loopCardinality (or loopMaximum). */
export const MAX_LOOP_CARDINALITY = 1000;

const LISTED_IN_MESSAGE = 10;

/**
 * What in an executable process could keep a worker busy without end: a loop through no wait
 * state, a timer that never stops firing, a loop asking for too many instances — and timer
 * values the engine could not read. The runtime's step limit is the second line of defence.
 */
export function findHazards(elements: ModdleElement[], file: string): Problem[] {
  const problems: Problem[] = [];
  const waits = new Set<ModdleElement>();
  for (const element of elements) {
    const where = placeOf(element, file);
    const timers = eventDefinitionsOf(element)
      .filter((definition) => definition.$type === 'bpmn:TimerEventDefinition')
      .map((definition) => checkTimer(definition, where));
    problems.push(...timers.flatMap((timer) => timer.problems), ...checkCardinality(element, where));
    if (isWaitState(element, timers)) waits.add(element);
  }
  return [...problems, ...loopsWithoutWait(elements, waits, file)];
}

/** An intermediate catch event waits, unless a timer of it fires at once. */
function isWaitState(element: ModdleElement, timers: TimerCheck[]): boolean {
  if (!WAIT_STATES.has(element.$type)) return false;
  if (element.$type !== 'bpmn:IntermediateCatchEvent') return true;
  return eventDefinitionsOf(element).length > 0 && !timers.some((timer) => timer.firesAtOnce);
}

function checkCardinality(element: ModdleElement, where: ElementPlace): Problem[] {
  const loop = safeGet(element, 'loopCharacteristics') as ModdleElement | undefined;
  if (!loop) return [];
  const literal = loop.$type === 'bpmn:MultiInstanceLoopCharacteristics' ? bodyOf(safeGet(loop, 'loopCardinality'))?.trim() : safeGet(loop, 'loopMaximum');
  const count = typeof literal === 'string' && /^\d+$/.test(literal) ? Number(literal) : literal;
  if (typeof count !== 'number' || !(count > MAX_LOOP_CARDINALITY)) return [];
  return [{ code: 'BUNDLE_BPMN_HAZARD', ...where, message: `the loop asks for ${count} instances; at most ${MAX_LOOP_CARDINALITY} are allowed` }];
}

/**
 * Sequence flows, and each boundary event's host to the event (an error thrown by the host
 * leaves through it), among the elements that do not wait: any cycle among them never stops.
 */
function loopsWithoutWait(elements: ModdleElement[], waits: ReadonlySet<ModdleElement>, file: string): Problem[] {
  const moving = new Map(elements.filter((e) => e.id && e.$type !== 'bpmn:SequenceFlow' && !waits.has(e)).map((e) => [e.id!, e]));
  const edgesFrom = new Map<string, string[]>();
  const link = (from: unknown, to: unknown) => {
    const [source, target] = [(from as ModdleElement | undefined)?.id, (to as ModdleElement | undefined)?.id];
    if (source === undefined || target === undefined || !moving.has(source) || !moving.has(target)) return;
    const targets = edgesFrom.get(source);
    if (targets) targets.push(target);
    else edgesFrom.set(source, [target]);
  };
  for (const element of elements) {
    if (element.$type === 'bpmn:SequenceFlow') link(safeGet(element, 'sourceRef'), safeGet(element, 'targetRef'));
    if (element.$type === 'bpmn:BoundaryEvent') link(safeGet(element, 'attachedToRef'), element);
  }
  return findCycles([...moving.keys()], edgesFrom).map((cycle) => {
    const listed = cycle.slice(0, LISTED_IN_MESSAGE).join(', ') + (cycle.length > LISTED_IN_MESSAGE ? ', …' : '');
    return {
      code: 'BUNDLE_BPMN_HAZARD',
      ...placeOf(moving.get(cycle[0]!)!, file),
      message: `the flow can go round ${listed} without reaching a wait state (user, receive or manual task, event-based gateway, subprocess, call activity, or an intermediate catch event that does not fire at once); a run would never stop`,
    };
  });
}
