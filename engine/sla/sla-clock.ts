/**
 * The arithmetic of one SLA clock, as pure functions over its stored state: the SLA engine keeps
 * the state in the database and schedules one job for the clock's next threshold, so an idle open
 * record costs nothing until that instant. Everything is business time in the clock's calendar:
 * pauses stop the count and move the deadline; a new goal (the priority changed) keeps what was
 * counted and what was paused; a stop keeps the facts (deadline, breached or not, overrun,
 * business time elapsed, when it was first breached) for reports.
 */
import type { BusinessCalendar } from '../time/business-calendar.js';

export type SlaClockStatus = 'running' | 'paused' | 'stopped';

export interface SlaClockState {
  status: SlaClockStatus;
  /** The goal, in business milliseconds. */
  targetMs: number;
  /** Business time counted up to `since`. */
  elapsedMs: number;
  /** When the clock last started, resumed, paused or stopped (ISO instant). */
  since: string;
  startedAt: string;
  /** When a running clock reaches its goal; null while paused; a stopped clock keeps its last one. */
  deadline: string | null;
  /** When the goal was first passed, once that is known. */
  breachedAt: string | null;
  /** Wall-clock time spent paused, closed pauses only. */
  pausedMs: number;
}

/** What a stopped clock reports. */
export interface SlaClockFacts {
  elapsedMs: number;
  targetMs: number;
  isBreached: boolean;
  overrunMs: number;
  deadline: string | null;
  breachedAt: string | null;
  pausedMs: number;
}

export type SlaClockHealth = 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'missed';

const iso = (at: Date) => at.toISOString();

export function startClock(calendar: BusinessCalendar, at: Date, targetMs: number): SlaClockState {
  const clock: SlaClockState = { status: 'running', targetMs, elapsedMs: 0, since: iso(at), startedAt: iso(at), deadline: null, breachedAt: null, pausedMs: 0 };
  return { ...clock, deadline: iso(calendar.add(at, targetMs)) };
}

/** Business time counted by `at`. */
export function elapsedAt(calendar: BusinessCalendar, clock: SlaClockState, at: Date): number {
  if (clock.status !== 'running') return clock.elapsedMs;
  return clock.elapsedMs + calendar.between(new Date(clock.since), at);
}

/** When a running clock's count reaches `businessMs`; null when it is not running or reached it before it last resumed. */
export function instantOf(calendar: BusinessCalendar, clock: SlaClockState, businessMs: number): Date | null {
  if (clock.status !== 'running' || businessMs <= clock.elapsedMs) return null;
  return calendar.add(new Date(clock.since), businessMs - clock.elapsedMs);
}

/** The breach instant, when the goal has been passed by `at` and it was not known yet. */
function breachBy(calendar: BusinessCalendar, clock: SlaClockState, at: Date): string | null {
  if (clock.breachedAt !== null || clock.status !== 'running') return clock.breachedAt;
  const reached = instantOf(calendar, clock, clock.targetMs);
  return reached !== null && reached.getTime() < at.getTime() ? iso(reached) : null;
}

export function pauseClock(calendar: BusinessCalendar, clock: SlaClockState, at: Date): SlaClockState {
  if (clock.status !== 'running') return clock;
  return { ...clock, status: 'paused', elapsedMs: elapsedAt(calendar, clock, at), breachedAt: breachBy(calendar, clock, at), since: iso(at), deadline: null };
}

export function resumeClock(calendar: BusinessCalendar, clock: SlaClockState, at: Date): SlaClockState {
  if (clock.status !== 'paused') return clock;
  const resumed: SlaClockState = { ...clock, status: 'running', since: iso(at), pausedMs: clock.pausedMs + Math.max(0, at.getTime() - Date.parse(clock.since)) };
  return { ...resumed, deadline: deadlineOf(calendar, resumed) };
}

/**
 * A new goal counted from the same start (the priority changed): what was counted and paused
 * stays. A clock already past the new goal is breached from the instant it was first seen past a
 * goal (the old breach, if there was one), else from now.
 */
export function regoalClock(calendar: BusinessCalendar, clock: SlaClockState, at: Date, targetMs: number): SlaClockState {
  if (clock.status === 'stopped') return clock;
  const elapsedMs = elapsedAt(calendar, clock, at);
  const breachedAt = elapsedMs > targetMs ? (breachBy(calendar, clock, at) ?? iso(at)) : null;
  const regoaled: SlaClockState = { ...clock, targetMs, elapsedMs, breachedAt, since: clock.status === 'running' ? iso(at) : clock.since };
  return regoaled.status === 'running' ? { ...regoaled, deadline: deadlineOf(calendar, regoaled) } : regoaled;
}

export function stopClock(calendar: BusinessCalendar, clock: SlaClockState, at: Date): SlaClockState {
  if (clock.status === 'stopped') return clock;
  const elapsedMs = elapsedAt(calendar, clock, at);
  const pausedMs = clock.status === 'paused' ? clock.pausedMs + Math.max(0, at.getTime() - Date.parse(clock.since)) : clock.pausedMs;
  return { ...clock, status: 'stopped', elapsedMs, breachedAt: breachBy(calendar, clock, at), since: iso(at), pausedMs };
}

export function factsOf(clock: SlaClockState): SlaClockFacts {
  return {
    elapsedMs: clock.elapsedMs,
    targetMs: clock.targetMs,
    isBreached: clock.elapsedMs > clock.targetMs,
    overrunMs: Math.max(0, clock.elapsedMs - clock.targetMs),
    deadline: clock.deadline,
    breachedAt: clock.breachedAt,
    pausedMs: clock.pausedMs,
  };
}

/** How the clock looks at `at`: warning from `warningPercent` of the goal on; met or missed once stopped. */
export function healthOf(calendar: BusinessCalendar, clock: SlaClockState, at: Date, warningPercent = 75): SlaClockHealth {
  const elapsed = elapsedAt(calendar, clock, at);
  if (clock.status === 'stopped') return elapsed > clock.targetMs ? 'missed' : 'met';
  if (elapsed >= clock.targetMs && (clock.status === 'running' || elapsed > clock.targetMs)) return 'breached';
  if (clock.status === 'paused') return 'paused';
  return elapsed * 100 >= clock.targetMs * warningPercent ? 'warning' : 'ok';
}

/** The deadline of a running clock: when the count reaches the goal, or when it was passed if it has been. */
function deadlineOf(calendar: BusinessCalendar, clock: SlaClockState): string {
  const reached = instantOf(calendar, clock, clock.targetMs);
  return reached ? iso(reached) : (clock.breachedAt ?? clock.since);
}
