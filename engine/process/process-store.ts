/**
 * Writes what an engine session came to rest at, inside the command's transaction: the instance
 * row (version-checked), its open tasks, the messages and signals it waits for, its due jobs
 * (timers, plugin calls, thrown signals) and its history. Nothing of it lives only in memory.
 */
import { v7 as uuidv7 } from 'uuid';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import { cancelJobs, scheduleJob } from '../jobs/job-schedule.js';
import type { Transaction } from '../storage/transaction.js';
import type { Clock } from '../time/clock.js';
import type { HistoryEvent, SessionSnapshot, ThrownSignal, WaitingTask } from './engine-session.js';
import { applyProcessScope, type ProcessScope } from './process-scope.js';

export const TIMER_JOB = 'process.timer';
export const CALL_JOB = 'process.call';
export const SIGNAL_JOB = 'process.signal';

export interface InstanceRow {
  id: string;
  bundle_version_id: string;
  bundle_name: string;
  process_id: string;
  business_key: string | null;
  /** The record the instance works on, or null. */
  record_id: string | null;
  status: string;
  version: number;
  engine_state: string;
  started_at: string;
  started_by: string;
  ended_at: string | null;
  error_code: string | null;
  error_message: string | null;
}

export interface RestingPoint {
  instanceId: string;
  /** Messages are correlated by it. */
  businessKey: string | null;
  /** Copied onto every task, so task queries join the record without the instance. */
  recordId: string | null;
  snapshot: SessionSnapshot;
  state: unknown;
  history: HistoryEvent[];
  thrownSignals: ThrownSignal[];
  actor: string;
  /** When a task that starts waiting at `from` falls due: its dueIn, in business time of its calendar. */
  dueAtOf(task: WaitingTask, from: Date): Date | null;
}

/** Inserts a new instance at version 1; returns the row as written. */
export async function insertInstance(trx: Transaction, clock: Clock, fields: Omit<InstanceRow, 'version' | 'engine_state' | 'status' | 'started_at' | 'ended_at' | 'error_code' | 'error_message'>, point: RestingPoint): Promise<InstanceRow> {
  const now = clock.now().toISOString();
  const row: InstanceRow = { ...fields, ...outcomeColumns(point, now), version: 1, engine_state: JSON.stringify(point.state), started_at: now };
  await trx('process_instances').insert({ ...row, updated_at: now });
  await writeWaitStates(trx, clock, point, { fresh: true });
  return row;
}

/**
 * Updates an instance read as `read`; a concurrent write in between (another version) is
 * refused. Returns the row as written.
 */
export async function updateInstance(trx: Transaction, clock: Clock, read: InstanceRow, point: RestingPoint): Promise<InstanceRow> {
  const now = clock.now().toISOString();
  const changed = { ...outcomeColumns(point, now), version: read.version + 1, engine_state: JSON.stringify(point.state) };
  const updated = await trx('process_instances').where({ id: read.id, version: read.version }).update({ ...changed, updated_at: now });
  if (updated !== 1) {
    throw new FlowdeskError('PROCESS_VERSION_CONFLICT', `process instance ${read.id} changed since version ${read.version} was read`);
  }
  await writeWaitStates(trx, clock, point, { fresh: false });
  return { ...read, ...changed };
}

/**
 * Ends a running instance read as `read` by cancellation, inside the caller's transaction: the
 * instance row (version-checked, and within `scope` when given), its open tasks cancelled, its
 * subscriptions and jobs deleted, a history entry for who cancelled it.
 */
export async function cancelInstance(trx: Transaction, clock: Clock, read: InstanceRow, actor: string, scope: ProcessScope): Promise<void> {
  const now = clock.now().toISOString();
  const guarded = applyProcessScope(trx('process_instances').where({ id: read.id, version: read.version, status: 'running' }), scope, { owner: 'process_instances', ownerIsTask: false });
  if ((await guarded.update({ status: 'cancelled', ended_at: now, version: read.version + 1, updated_at: now })) !== 1) {
    throw new FlowdeskError('PROCESS_VERSION_CONFLICT', `process instance ${read.id} changed since version ${read.version} was read`);
  }
  await trx('process_tasks').where({ instance_id: read.id, status: 'open' }).update({ status: 'cancelled', ended_at: now });
  await trx('process_subscriptions').where({ instance_id: read.id }).delete();
  await cancelJobs(trx, { instanceId: read.id });
  await trx('process_history').insert({ instance_id: read.id, element_id: read.process_id, element_type: 'bpmn:Process', execution_id: read.id, event: 'cancel', actor, at: now });
}

function outcomeColumns({ snapshot: { status, error } }: RestingPoint, now: string): Pick<InstanceRow, 'status' | 'ended_at' | 'error_code' | 'error_message'> {
  return { status, ended_at: status === 'running' ? null : now, error_code: error?.code ?? null, error_message: error?.message ?? null };
}

/** Rows per INSERT statement, well under every driver's limit on bound parameters. */
const INSERT_CHUNK = 100;

/** A fresh instance has no tasks, subscriptions or jobs yet, so there is nothing to read or clear. */
async function writeWaitStates(trx: Transaction, clock: Clock, point: RestingPoint, { fresh }: { fresh: boolean }): Promise<void> {
  await reconcileTasks(trx, clock, point, fresh);
  await reconcileSubscriptions(trx, clock, point, fresh);
  await reconcileJobs(trx, clock, point, fresh);
  const at = clock.now().toISOString();
  const history = point.history.map((h) => ({ instance_id: point.instanceId, element_id: h.elementId, element_type: h.elementType, execution_id: h.executionId, event: h.event, actor: point.actor, at }));
  for (let i = 0; i < history.length; i += INSERT_CHUNK) await trx('process_history').insert(history.slice(i, i + INSERT_CHUNK));
}

async function reconcileTasks(trx: Transaction, clock: Clock, point: RestingPoint, fresh: boolean): Promise<void> {
  const { instanceId, recordId, snapshot } = point;
  const now = clock.now();
  const open = fresh ? [] : ((await trx('process_tasks').where({ instance_id: instanceId, status: 'open' }).select('id', 'execution_id')) as Array<{ id: string; execution_id: string }>);
  const waiting = new Set(snapshot.tasks.map((t) => t.executionId));
  const gone = open.filter((t) => !waiting.has(t.execution_id)).map((t) => t.id);
  if (gone.length > 0) await trx('process_tasks').whereIn('id', gone).update({ status: 'cancelled', ended_at: now.toISOString() });
  const known = new Set(open.map((t) => t.execution_id));
  const tasks: Array<Record<string, unknown>> = [];
  const candidates: Array<{ task_id: string; kind: string; value: string }> = [];
  for (const task of snapshot.tasks.filter((t) => !known.has(t.executionId))) {
    const id = uuidv7();
    tasks.push({
      id,
      instance_id: instanceId,
      record_id: recordId,
      execution_id: task.executionId,
      element_id: task.elementId,
      name: task.name,
      form_key: task.formKey,
      assignee: task.assignee,
      status: 'open',
      due_at: point.dueAtOf(task, now)?.toISOString() ?? null,
      created_at: now.toISOString(),
      claimed_at: task.assignee ? now.toISOString() : null,
    });
    for (const value of task.candidateUsers) candidates.push({ task_id: id, kind: 'user', value });
    for (const value of task.candidateGroups) candidates.push({ task_id: id, kind: 'group', value });
  }
  for (let i = 0; i < tasks.length; i += INSERT_CHUNK) await trx('process_tasks').insert(tasks.slice(i, i + INSERT_CHUNK));
  for (let i = 0; i < candidates.length; i += INSERT_CHUNK) await trx('process_task_candidates').insert(candidates.slice(i, i + INSERT_CHUNK));
}

async function reconcileSubscriptions(trx: Transaction, clock: Clock, { instanceId, businessKey, snapshot }: RestingPoint, fresh: boolean): Promise<void> {
  if (!fresh) await trx('process_subscriptions').where({ instance_id: instanceId }).delete();
  if (snapshot.events.length === 0) return;
  const createdAt = clock.now().toISOString();
  await trx('process_subscriptions').insert(
    snapshot.events.map((e) => ({
      instance_id: instanceId,
      execution_id: e.executionId,
      kind: e.kind,
      name: e.name,
      ref_id: e.refId,
      correlation_key: e.kind === 'message' ? businessKey : null,
      created_at: createdAt,
    })),
  );
}

/**
 * The jobs an instance needs are the timers armed and the plugin calls pending right now. Jobs
 * for timers no longer armed are cancelled; a timer already scheduled keeps its due time (its
 * dedupe key names the arming), so resuming an instance never moves a deadline.
 */
async function reconcileJobs(trx: Transaction, clock: Clock, { instanceId, snapshot, thrownSignals }: RestingPoint, fresh: boolean): Promise<void> {
  const now = clock.now();
  const wanted = new Map<string, { type: string; dueAt: Date; payload: Record<string, unknown> }>();
  for (const timer of snapshot.timers) {
    wanted.set(`timer:${instanceId}:${timer.executionId}:${timer.expireAt}`, {
      type: TIMER_JOB,
      // bpmn-elements measures delays on the real clock: a date is due at that date, a duration
      // or cycle step is due that long after now on the injected clock.
      dueAt: timer.timerType === 'timeDate' ? new Date(timer.expireAt) : new Date(now.getTime() + Math.max(0, timer.delay)),
      payload: { instanceId, executionId: timer.executionId, elementId: timer.activityId },
    });
  }
  for (const call of snapshot.calls) {
    wanted.set(`call:${instanceId}:${call.executionId}`, { type: CALL_JOB, dueAt: now, payload: { instanceId, executionId: call.executionId, elementId: call.elementId } });
  }
  const existing = fresh ? [] : ((await trx('jobs').where({ instance_id: instanceId }).whereIn('type', [TIMER_JOB, CALL_JOB]).select('dedupe_key')) as Array<{ dedupe_key: string }>);
  const scheduled = new Set(existing.map((j) => j.dedupe_key));
  const stale = [...scheduled].filter((key) => !wanted.has(key));
  if (stale.length > 0) await cancelJobs(trx, { instanceId, dedupeKeys: stale });
  for (const [dedupeKey, job] of wanted) if (!scheduled.has(dedupeKey)) await scheduleJob(trx, clock, { ...job, instanceId, dedupeKey });
  for (const signal of thrownSignals) {
    await scheduleJob(trx, clock, { type: SIGNAL_JOB, dueAt: now, payload: { name: signal.name, fromInstanceId: instanceId } });
  }
}
