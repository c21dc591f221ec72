import type { ModdleElement } from 'bpmn-moddle';
import type { Problem } from '../../errors/flowdesk-error.js';
import { checkTemplate } from './bpmn-expressions.js';
import { bodyOf, safeGet, type ElementPlace } from './moddle-element.js';
import { parseTimerValue, TIMER_FORMS, type TimerType, type TimerValue } from './timer-values.js';

/** A cycle that repeats forever must not fire more often than this. */
export const MIN_ENDLESS_CYCLE_MS = 60_000;

const TIMER_TYPES: readonly TimerType[] = ['timeDuration', 'timeDate', 'timeCycle'];

export interface TimerCheck {
  problems: Problem[];
  /** True when the timer does not hold a run up: no value, zero length, or a date (past after one loop). */
  firesAtOnce: boolean;
}

/**
 * Checks the values of one timer event definition: each must be ISO 8601 of its type or a valid
 * `${…}` expression; a cycle must not repeat with no interval (the engine's timer parser never
 * returns for R/PT0S) nor forever more often than once a minute.
 */
export function checkTimer(definition: ModdleElement, where: ElementPlace): TimerCheck {
  const problems: Problem[] = [];
  let hasValue = false;
  let firesAtOnce = false;
  for (const type of TIMER_TYPES) {
    // The engine skips an empty value, as if the element were absent.
    const text = bodyOf(safeGet(definition, type));
    if (!text) continue;
    hasValue = true;
    if (text.includes('${')) {
      problems.push(...checkTemplate(text, `the ${type}`, where));
      continue;
    }
    const value = parseTimerValue(type, text);
    if (!value) {
      const spaced = text.trim() !== text ? ' (the engine reads no spaces around it)' : '';
      problems.push({ code: 'BUNDLE_BPMN_INVALID', ...where, message: `${type} "${text.slice(0, 80)}" is not ${TIMER_FORMS[type]}${spaced}` });
      continue;
    }
    problems.push(...cycleHazards(value, text, where));
    // The engine takes the earliest of several values, so one that fires at once decides.
    firesAtOnce ||= value.kind === 'date' || value.milliseconds === 0;
  }
  if (!hasValue) problems.push({ code: 'BUNDLE_BPMN_INVALID', ...where, message: 'the timer has no timeDuration, timeDate or timeCycle, so it would fire at once' });
  return { problems, firesAtOnce: firesAtOnce || !hasValue };
}

function cycleHazards(value: TimerValue, text: string, where: ElementPlace): Problem[] {
  if (value.kind !== 'cycle') return [];
  if (value.milliseconds === 0) {
    return [{ code: 'BUNDLE_BPMN_HAZARD', ...where, message: `timeCycle "${text}" repeats with no time between; give the interval a length` }];
  }
  if (value.repeat === undefined && value.milliseconds < MIN_ENDLESS_CYCLE_MS) {
    return [{ code: 'BUNDLE_BPMN_HAZARD', ...where, message: `timeCycle "${text}" repeats forever more often than once a minute; give a count (R5/…) or an interval of at least PT1M` }];
  }
  return [];
}
