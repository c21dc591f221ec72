/**
 * SLA clock rows (migration 0007) and their view: what a record shows of its clocks (health,
 * due time, remaining business time) and what reports read once a clock has stopped.
 */
import type { Knex } from 'knex';
import type { BusinessCalendar } from '../time/business-calendar.js';
import { elapsedAt, healthOf, type SlaClockHealth, type SlaClockState, type SlaClockStatus } from './sla-clock.js';

export interface SlaClockRow {
  id: string;
  record_id: string;
  record_type: string;
  policy_id: string;
  clock_id: string;
  cycle: number;
  metric: string;
  status: SlaClockStatus;
  calendar_id: string;
  time_zone: string;
  target_ms: number | string;
  elapsed_ms: number | string;
  since: string;
  started_at: string;
  deadline: string | null;
  breached_at: string | null;
  paused_ms: number | string;
  thresholds_fired: number;
  stopped_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SlaClockView {
  id: string;
  recordId: string;
  policyId: string;
  clockId: string;
  metric: string;
  cycle: number;
  status: SlaClockStatus;
  /** ok, warning (from 75 %), breached, paused; met or missed once stopped. */
  health: SlaClockHealth;
  targetMs: number;
  elapsedMs: number;
  /** Business time left to the goal (negative once passed). */
  remainingMs: number;
  deadline: string | null;
  breachedAt: string | null;
  startedAt: string;
  stoppedAt: string | null;
  pausedMs: number;
  calendarId: string;
  timeZone: string;
}

export function stateOf(row: SlaClockRow): SlaClockState {
  return {
    status: row.status,
    targetMs: Number(row.target_ms),
    elapsedMs: Number(row.elapsed_ms),
    since: row.since,
    startedAt: row.started_at,
    deadline: row.deadline,
    breachedAt: row.breached_at,
    pausedMs: Number(row.paused_ms),
  };
}

/** The row's columns that a state sets. */
export function columnsOf(state: SlaClockState): Pick<SlaClockRow, 'status' | 'target_ms' | 'elapsed_ms' | 'since' | 'started_at' | 'deadline' | 'breached_at' | 'paused_ms' | 'stopped_at'> {
  return {
    status: state.status,
    target_ms: state.targetMs,
    elapsed_ms: state.elapsedMs,
    since: state.since,
    started_at: state.startedAt,
    deadline: state.deadline,
    breached_at: state.breachedAt,
    paused_ms: state.pausedMs,
    stopped_at: state.status === 'stopped' ? state.since : null,
  };
}

export function viewOf(row: SlaClockRow, calendar: BusinessCalendar, at: Date, warningPercent?: number): SlaClockView {
  const state = stateOf(row);
  const elapsedMs = elapsedAt(calendar, state, at);
  return {
    id: row.id,
    recordId: row.record_id,
    policyId: row.policy_id,
    clockId: row.clock_id,
    metric: row.metric,
    cycle: row.cycle,
    status: row.status,
    health: healthOf(calendar, state, at, warningPercent),
    targetMs: state.targetMs,
    elapsedMs,
    remainingMs: state.targetMs - elapsedMs,
    deadline: row.deadline,
    breachedAt: row.breached_at,
    startedAt: row.started_at,
    stoppedAt: row.stopped_at,
    pausedMs: state.pausedMs,
    calendarId: row.calendar_id,
    timeZone: row.time_zone,
  };
}

/** Every clock row of a record, cycles in order. */
export async function clockRowsOf(knex: Knex, recordId: string): Promise<SlaClockRow[]> {
  return (await knex('sla_clocks').where({ record_id: recordId }).orderBy([{ column: 'policy_id' }, { column: 'clock_id' }, { column: 'cycle' }])) as SlaClockRow[];
}
