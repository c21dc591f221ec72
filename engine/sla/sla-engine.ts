/**
 * The SLA engine. As a record observer it starts, pauses, resumes, re-goals and stops the clocks
 * of the record's policies inside the record's write, and keeps exactly one job per running clock:
 * its next threshold. The job handler runs the threshold's actions (through an action runner the
 * runtime provides: notify, set, plugin), inside working hours, at most once, and schedules the
 * next step. Nothing polls: an idle open record costs nothing until its next threshold.
 *
 * Rules, per clock of a policy that applies to the record's type and condition:
 * - without `startIn`, a clock starts when the record is created; with it, whenever the record
 *   enters one of those states while the clock is not running (a stopped clock opens a new cycle);
 * - in a `stopIn` state it stops and keeps its facts; in a `pauseIn` state it pauses; otherwise it runs;
 * - a change of the fields its targets look at re-goals it, keeping counted and paused time.
 */
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../audit/audit-log.js';
import type { InstalledDefinitions } from '../bundle/installed-definitions.js';
import type { SlaActionDefinition, SlaClockSpec, SlaPolicyDefinition } from '../bundle/schemas/index.js';
import { cancelJobs, scheduleJob } from '../jobs/job-schedule.js';
import type { JobContext } from '../jobs/job-runner.js';
import type { Job } from '../jobs/job.js';
import { findRecord } from '../records/record-lookup.js';
import type { RecordObserver, RecordWrite } from '../records/record-observers.js';
import { toRecordView, type RecordView } from '../records/record-view.js';
import type { Database } from '../storage/database.js';
import { inTransaction, type Transaction } from '../storage/transaction.js';
import type { BusinessCalendar } from '../time/business-calendar.js';
import type { Clock } from '../time/clock.js';
import { elapsedAt, instantOf, pauseClock, regoalClock, resumeClock, startClock, stopClock, type SlaClockState } from './sla-clock.js';
import type { SlaDefinitions } from './sla-definitions.js';
import { goalOf, meets, slaFieldOf, thresholdStep } from './sla-goals.js';
import { clockRowsOf, columnsOf, stateOf, viewOf, type SlaClockRow, type SlaClockView } from './sla-store.js';

export const SLA_THRESHOLD_JOB = 'sla.threshold';
const ACTOR = 'system:sla';

/** What a threshold hands to the action runner. */
export interface SlaThresholdEvent {
  record: RecordView;
  clock: SlaClockView;
  policy: SlaPolicyDefinition;
  atPercent: number;
  /** 0 for the threshold itself, k for its k-th repetition. */
  repeat: number;
}

/** Carries out a threshold's actions inside the job's transaction (the runtime: notify, set, plugin). */
export interface SlaActionRunner {
  run(trx: Transaction, event: SlaThresholdEvent, actions: readonly SlaActionDefinition[]): Promise<void>;
}

export interface SlaEngineDeps {
  db: Database;
  clock: Clock;
  definitions: InstalledDefinitions<SlaDefinitions>;
  actions: SlaActionRunner;
}

interface ThresholdPayload {
  clockId: string;
  /** The clock's `thresholds_fired` when the job was scheduled: a job for an older step is stale. */
  step: number;
}

export function createSlaEngine({ db, clock, definitions, actions }: SlaEngineDeps) {
  /**
   * Replaces the clock's threshold job with one for its next step (none unless it runs). A
   * threshold crossed while nobody looked (a shorter goal after a priority change) still fires,
   * once; repetitions already behind the count are skipped, not sent in a burst.
   */
  async function scheduleNext(trx: Transaction, row: SlaClockRow, spec: SlaClockSpec, calendar: BusinessCalendar): Promise<void> {
    await cancelJobs(trx, { instanceId: row.id, types: [SLA_THRESHOLD_JOB] });
    if (row.status !== 'running') return;
    const state = stateOf(row);
    const startedAt = new Date(row.started_at);
    const elapsed = elapsedAt(calendar, state, clock.now());
    let index = row.thresholds_fired;
    let step = thresholdStep(spec, calendar, startedAt, state.targetMs, index);
    while (step && step.repeat > 0 && step.atMs <= elapsed) step = thresholdStep(spec, calendar, startedAt, state.targetMs, ++index);
    if (!step) return;
    if (index !== row.thresholds_fired) await trx('sla_clocks').where({ id: row.id }).update({ thresholds_fired: index });
    const dueAt = instantOf(calendar, state, step.atMs) ?? clock.now();
    const payload: ThresholdPayload = { clockId: row.id, step: index };
    await scheduleJob(trx, clock, { type: SLA_THRESHOLD_JOB, dueAt, instanceId: row.id, payload, maxAttempts: 5 });
  }

  async function save(trx: Transaction, row: SlaClockRow, next: SlaClockState, at: string): Promise<SlaClockRow> {
    const updated: SlaClockRow = { ...row, ...columnsOf(next), version: row.version + 1, updated_at: at };
    await trx('sla_clocks').where({ id: row.id }).update({ ...columnsOf(next), version: updated.version, updated_at: at });
    return updated;
  }

  async function startCycle(trx: Transaction, write: RecordWrite, policy: SlaPolicyDefinition, spec: SlaClockSpec, calendar: BusinessCalendar, cycle: number): Promise<SlaClockRow | null> {
    const at = new Date(write.at);
    const goal = goalOf(spec, calendar, at, write.after.fields);
    if (goal === null) return null;
    const state = startClock(calendar, at, goal);
    const row: SlaClockRow = {
      id: uuidv7(),
      record_id: write.after.id,
      record_type: write.type.id,
      policy_id: policy.id,
      clock_id: spec.id,
      cycle,
      metric: spec.metric,
      calendar_id: policy.calendar,
      time_zone: calendar.timeZone,
      ...columnsOf(state),
      thresholds_fired: 0,
      version: 1,
      created_at: write.at,
      updated_at: write.at,
    };
    await trx('sla_clocks').insert(row);
    return row;
  }

  /** The clock after the record's write: started, paused, resumed, re-goaled or stopped. */
  async function follow(trx: Transaction, write: RecordWrite, policy: SlaPolicyDefinition, spec: SlaClockSpec, calendar: BusinessCalendar, latest: SlaClockRow | undefined): Promise<void> {
    const state = write.after.state;
    const at = new Date(write.at);
    const isStopState = spec.stopIn.includes(state);
    const entersStart = spec.startIn ? spec.startIn.includes(state) && (write.before === null || write.before.state !== state) : write.before === null;
    let row = latest;
    let isStarted = false;
    if ((!row || row.status === 'stopped') && entersStart && !isStopState) {
      row = (await startCycle(trx, write, policy, spec, calendar, (row?.cycle ?? 0) + 1)) ?? undefined;
      if (!row) return;
      isStarted = true;
    }
    if (!row || row.status === 'stopped') return;
    const before = stateOf(row);
    let next = before;
    if (isStopState) next = stopClock(calendar, next, at);
    else {
      next = spec.pauseIn?.includes(state) ? pauseClock(calendar, next, at) : resumeClock(calendar, next, at);
      const goal = goalOf(spec, calendar, new Date(row.started_at), write.after.fields);
      if (goal !== null && goal !== next.targetMs) next = regoalClock(calendar, next, at, goal);
    }
    if (next !== before) row = await save(trx, row, next, write.at);
    if (isStarted || next !== before) await scheduleNext(trx, row, spec, calendar);
  }

  const observer: RecordObserver = {
    async recordWritten(trx, write) {
      const defs = await definitions.get(trx);
      const policies = defs.policiesFor(write.type.id);
      if (policies.length === 0) return;
      const rows = await clockRowsOf(trx, write.after.id);
      // A record that names its policy (the customer contract's) follows that one only.
      const slaField = slaFieldOf(write.type.fields);
      const pinned = slaField && typeof write.after.fields[slaField] === 'string' ? write.after.fields[slaField] : null;
      for (const policy of policies) {
        const calendar = defs.calendarOf(policy);
        const applies = meets(write.after.fields, policy.when) && (pinned === null || pinned === policy.id);
        for (const spec of policy.clocks) {
          const latest = rows.filter((r) => r.policy_id === policy.id && r.clock_id === spec.id).at(-1);
          // A policy whose condition the record no longer meets leaves its running clocks to their states.
          if (!applies && (!latest || latest.status === 'stopped')) continue;
          await follow(trx, write, policy, spec, calendar, latest);
        }
      }
    },
  };

  /** A threshold falls due: its actions run once, inside working hours, and the next step is scheduled. */
  async function fireThreshold(job: Job, context: JobContext): Promise<void> {
    const { clockId, step } = job.payload as ThresholdPayload;
    await inTransaction(db, async (trx) => {
      const locked = trx('sla_clocks').where({ id: clockId });
      if (db.dialect === 'mysql') locked.forUpdate();
      const row = (await locked.first()) as SlaClockRow | undefined;
      // A clock that is gone, stopped, paused or past this step since the job was scheduled: nothing to do.
      if (!row || row.status !== 'running' || row.thresholds_fired !== step) return context.complete(trx);
      const defs = await definitions.get(trx);
      const found = defs.clockSpec(row.policy_id, row.clock_id);
      if (!found) return context.complete(trx);
      const calendar = defs.calendarOf(found.policy);
      const now = context.clock.now();
      if (!calendar.isWorkingTime(now)) {
        // Late (the runner was down): escalate when people work again, not in the night.
        await context.complete(trx);
        await scheduleJob(trx, clock, { type: SLA_THRESHOLD_JOB, dueAt: calendar.nextWorkingTime(now), instanceId: row.id, payload: { clockId, step }, maxAttempts: 5 });
        return;
      }
      const threshold = thresholdStep(found.spec, calendar, new Date(row.started_at), Number(row.target_ms), step);
      if (!threshold) return context.complete(trx);
      const state = stateOf(row);
      const breachedAt = state.breachedAt ?? (threshold.atMs >= state.targetMs ? instantOf(calendar, state, state.targetMs)?.toISOString() ?? now.toISOString() : null);
      const fired: SlaClockRow = { ...row, breached_at: breachedAt, thresholds_fired: step + 1, version: row.version + 1, updated_at: now.toISOString() };
      await trx('sla_clocks').where({ id: row.id }).update({ breached_at: fired.breached_at, thresholds_fired: fired.thresholds_fired, version: fired.version, updated_at: fired.updated_at });
      const record = toRecordView(await findRecord(trx, row.record_id, { kind: 'all' }));
      const view = viewOf(fired, calendar, now);
      await appendAudit(trx, clock, { actor: ACTOR, action: 'sla.threshold', targetType: 'record', targetId: record.id, details: { policy: row.policy_id, clock: row.clock_id, cycle: row.cycle, atPercent: threshold.atPercent, repeat: threshold.repeat, elapsedMs: view.elapsedMs, targetMs: view.targetMs } });
      await context.complete(trx);
      await actions.run(trx, { record, clock: view, policy: found.policy, atPercent: threshold.atPercent, repeat: threshold.repeat }, threshold.actions);
      // An action may have changed the record (raised its priority), and so re-goaled this clock: read it again.
      const current = (await trx('sla_clocks').where({ id: row.id }).first()) as SlaClockRow;
      if (current.version === fired.version) await scheduleNext(trx, current, found.spec, calendar);
    });
  }

  return {
    observer,
    jobHandlers: { [SLA_THRESHOLD_JOB]: fireThreshold },
    /** The record's clocks as they stand now, every cycle. */
    async clocksOf(recordId: string): Promise<SlaClockView[]> {
      const defs = await definitions.get();
      const now = clock.now();
      return (await clockRowsOf(db.knex, recordId)).map((row) => {
        const found = defs.clockSpec(row.policy_id, row.clock_id);
        const calendar = found ? defs.calendarOf(found.policy) : null;
        if (!calendar) throw new Error(`the SLA clock ${row.id} belongs to policy "${row.policy_id}", which no installed bundle defines`);
        return viewOf(row, calendar, now);
      });
    },
  };
}

export type SlaEngine = ReturnType<typeof createSlaEngine>;
