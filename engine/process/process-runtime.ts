/**
 * The durable process runtime. Every command reads an instance, drives its bpmn-engine session
 * to the next wait state, and writes the engine state, open tasks, subscriptions, due jobs and
 * history in one transaction guarded by the instance version. Live sessions are kept only as a
 * cache checked against that version: any process attached to the database can serve any call.
 */
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../audit/audit-log.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { SchemaValidator } from '../bundle/schema-validator.js';
import { applyScope, type RecordScope } from '../records/record-scope.js';
import type { Database } from '../storage/database.js';
import { inTransaction, type Transaction } from '../storage/transaction.js';
import type { Clock } from '../time/clock.js';
import { addIsoDuration } from '../bundle/iso-duration.js';
import { computedFieldNames } from './computed-fields.js';
import { EngineSession, type SessionSandbox, type WaitingTask } from './engine-session.js';
import { createSafeExpressions } from './expressions/index.js';
import { createProcessPackages, type PackagedPlugin, type ProcessPackage, type ProcessPackages } from './process-package.js';
import { applyProcessScope, type ProcessScope } from './process-scope.js';
import { CALL_JOB, cancelInstance, insertInstance, SIGNAL_JOB, TIMER_JOB, updateInstance, type InstanceRow, type RestingPoint } from './process-store.js';
import { createProcessObservers, type ProcessEvent } from './process-observers.js';
import { foldRecordEffects, type RecordEffectWriter } from './record-effects.js';
import { createFormValidator } from './task-forms.js';
import { createTaskStore, type Actor, type ScopeOption, type TaskStore, type TaskView } from './task-store.js';
import { selectTasks, toTaskViews } from './task-view.js';

/** What runs bundle code: the plugin runner (isolated-vm in worker processes), seen from here. */
export interface ScriptRunner {
  call(call: {
    script: { key: string; kind: 'module' | 'inline'; source: string; filename: string };
    input: unknown;
    now: string;
    limits?: { cpuMs?: number; memoryMb?: number };
  }): Promise<{ output: unknown }>;
}

/** The part of a claimed job a handler needs: completing it in the same transaction as its effect. */
export interface JobCompletion {
  complete(trx: Transaction): Promise<void>;
}

export interface ProcessRuntimeDeps {
  db: Database;
  clock: Clock;
  schemas: SchemaValidator;
  scripts: ScriptRunner;
  /** How many live sessions to keep between calls (they are a cache, never the truth). */
  sessionCacheSize?: number;
  stepLimit?: number;
  /** Writes what process steps do to their records (flowdesk:record* attributes). */
  recordEffects?: RecordEffectWriter;
}

export interface StartOptions {
  bundle: string;
  /** Pinned version id; by default the newest installed version of `bundle`. */
  bundleVersionId?: string;
  processId: string;
  variables?: Record<string, unknown>;
  /** Defaults to the record's id when the instance belongs to a record, else none. */
  businessKey?: string;
  /**
   * The record the instance works on: stored with it and its tasks, so they are scoped like the
   * record. A process that declares `flowdesk:recordType` takes records of that type only. With
   * `scope`, the record must be in it when the instance is written (RECORD_NOT_FOUND otherwise).
   */
  record?: { id: string; type: string; scope?: RecordScope };
  actor: string;
  /** Runs first in the starting transaction: e.g. creates the record the instance works on, so both commit or neither. */
  beforeWrite?: (trx: Transaction) => Promise<void>;
}

/** A user task's form, for a client to render and validate before it completes the task. */
export interface TaskForm {
  key: string;
  /** The bundle version the form comes from (the instance's). */
  bundle: string;
  version: string;
  titleKey: string;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown> | null;
}

export interface InstanceView {
  id: string;
  bundle: string;
  bundleVersionId: string;
  processId: string;
  businessKey: string | null;
  /** The record the instance works on, or null. */
  recordId: string | null;
  status: string;
  version: number;
  variables: Record<string, unknown>;
  startedAt: string;
  endedAt: string | null;
  error: { code: string; message: string } | null;
}

export interface HistoryEntry {
  elementId: string;
  elementType: string;
  executionId: string;
  event: string;
  actor: string | null;
  at: string;
}

interface CachedSession {
  version: number;
  session: EngineSession;
}

export function createProcessRuntime(deps: ProcessRuntimeDeps) {
  const { db, clock, scripts } = deps;
  const packages: ProcessPackages = createProcessPackages(db, deps.schemas);
  const forms = createFormValidator();
  const expressions = createSafeExpressions();
  const sessions = new Map<string, CachedSession>();
  const cacheSize = deps.sessionCacheSize ?? 1000;
  const locks = new Map<string, Promise<unknown>>();
  const observers = createProcessObservers();

  const sandbox: SessionSandbox = {
    runInline: async (source, filename, input) => (await scripts.call({ script: { key: `inline:${source}`, kind: 'inline', source, filename }, input, now: clock.now().toISOString() })).output,
  };

  function newSession(row: Pick<InstanceRow, 'id'>, pkg: ProcessPackage, processId: string): EngineSession {
    const process = pkg.processes.get(processId);
    if (!process) throw new FlowdeskError('PROCESS_NOT_FOUND', `${pkg.bundleName}@${pkg.version} has no executable process ${processId}`);
    return new EngineSession({ name: row.id, sourceContext: process.sourceContext, sandbox, expressions, ...(deps.stepLimit ? { stepLimit: deps.stepLimit } : {}) });
  }

  function remember(id: string, entry: CachedSession): void {
    sessions.delete(id);
    sessions.set(id, entry);
    if (sessions.size > cacheSize) sessions.delete(sessions.keys().next().value!);
  }

  /** One command at a time per instance in this process; across processes the version decides. */
  async function serialized<T>(id: string, command: () => Promise<T>): Promise<T> {
    const previous = locks.get(id) ?? Promise.resolve();
    const run = previous.then(command, command);
    const settled = run.catch(() => undefined);
    locks.set(id, settled);
    try {
      return await run;
    } finally {
      if (locks.get(id) === settled) locks.delete(id);
    }
  }

  /** The instance row, read with its record under the scope in one statement. @throws PROCESS_INSTANCE_NOT_FOUND (also out of scope) */
  async function readInstance(id: string, scope: ProcessScope = { kind: 'all' }): Promise<InstanceRow> {
    // Every command reads its instance: unscoped, that stays a primary-key lookup without the join.
    const query =
      scope.kind === 'all'
        ? db.knex('process_instances').where({ id }).first()
        : applyProcessScope(db.knex({ i: 'process_instances' }).leftJoin({ r: 'records' }, 'r.id', 'i.record_id').where('i.id', id).first('i.*'), scope, { owner: 'i', records: 'r', ownerIsTask: false });
    const row = (await query) as InstanceRow | undefined;
    if (!row) throw new FlowdeskError('PROCESS_INSTANCE_NOT_FOUND', `no process instance ${id} that you may see`);
    return row;
  }

  async function restingPoint(row: Pick<InstanceRow, 'id' | 'business_key' | 'record_id'>, session: EngineSession, actor: string, pkg: ProcessPackage): Promise<RestingPoint> {
    return { instanceId: row.id, businessKey: row.business_key, recordId: row.record_id, snapshot: session.snapshot(), state: await session.state(), history: session.drainHistory(), thrownSignals: session.drainThrownSignals(), actor, dueAtOf: (task, from) => dueAtOf(pkg, task, from) };
  }

  /** A task's due time: its dueIn in working time of its calendar, or in calendar time without one. */
  function dueAtOf(pkg: ProcessPackage, task: WaitingTask, from: Date): Date | null {
    if (!task.dueIn) return null;
    if (!task.calendar) return addIsoDuration(from, task.dueIn);
    const calendar = pkg.calendars.get(task.calendar);
    if (!calendar) throw new FlowdeskError('PROCESS_FAILED', `task ${task.elementId} is due in the calendar "${task.calendar}", which ${pkg.bundleName}@${pkg.version} does not define`);
    return calendar.addDuration(from, task.dueIn);
  }

  /**
   * In a step's transaction, once the instance is written: what the step did to the instance's
   * record, then the observers with the task completed, the tasks it created and the end.
   */
  async function afterStep(trx: Transaction, pkg: ProcessPackage, processId: string, point: RestingPoint, variables: Record<string, unknown>, completed?: TaskView): Promise<void> {
    const declared = pkg.processes.get(processId)?.recordEffects;
    const effect = point.recordId && declared ? foldRecordEffects(declared, point.history, variables) : null;
    if (effect) {
      if (!deps.recordEffects) throw new FlowdeskError('INTERNAL', `process ${processId} changes its record, but no record writer is configured`);
      await deps.recordEffects.apply(trx, point.recordId!, effect, point.actor);
    }
    const base = { instanceId: point.instanceId, processId, recordId: point.recordId, actor: point.actor, at: clock.now().toISOString() };
    const events: ProcessEvent[] = completed ? [{ kind: 'task.completed', ...base, task: { ...completed, status: 'completed', completedBy: point.actor } }] : [];
    const entered = point.history.filter((h) => h.event === 'enter' && h.elementType === 'bpmn:UserTask').map((h) => h.executionId);
    if (entered.length > 0) {
      const rows = (await selectTasks(trx).where('t.instance_id', point.instanceId).where('t.status', 'open').whereIn('t.execution_id', entered)) as Array<Record<string, string | null>>;
      events.push(...(await toTaskViews(trx, rows)).map((task) => ({ kind: 'task.created' as const, ...base, task })));
    }
    if (point.snapshot.status === 'completed') events.push({ kind: 'process.completed', ...base });
    await observers.notify(trx, events);
  }

  /**
   * The shape of every command on a running instance: drive the session (outside any
   * transaction), then write where it came to rest together with `alsoWrite`, version-checked.
   */
  async function command(
    instanceId: string,
    actor: string,
    drive: (session: EngineSession, pkg: ProcessPackage, row: InstanceRow) => Promise<void>,
    alsoWrite: (trx: Transaction) => Promise<void> = async () => undefined,
    completed?: TaskView,
  ): Promise<InstanceView> {
    return serialized(instanceId, async () => {
      const row = await readInstance(instanceId);
      if (row.status !== 'running') throw new FlowdeskError('PROCESS_NOT_RUNNING', `process instance ${instanceId} is ${row.status}`);
      const pkg = await packages.byVersionId(row.bundle_version_id);
      const cached = sessions.get(instanceId);
      sessions.delete(instanceId);
      let session: EngineSession;
      if (cached && cached.version === row.version) session = cached.session;
      else {
        session = newSession(row, pkg, row.process_id);
        // Not a drain: a timer that fell due while nothing ran completes during the resume, and
        // what it set off is this command's history. A plain wait records nothing on resume.
        await session.resume(JSON.parse(row.engine_state));
      }
      await drive(session, pkg, row);
      const point = await restingPoint(row, session, actor, pkg);
      const written = await inTransaction(db, async (trx) => {
        await alsoWrite(trx);
        const updated = await updateInstance(trx, clock, row, point);
        await afterStep(trx, pkg, row.process_id, point, session.variables(), completed);
        return updated;
      });
      if (point.snapshot.status === 'running') remember(instanceId, { version: written.version, session });
      return viewOf(written, session.variables());
    });
  }

  /** Starts a process of an installed bundle version; the instance stays on that version. */
  async function start(options: StartOptions, messageRef?: string): Promise<InstanceView> {
    const pkg = options.bundleVersionId ? await packages.byVersionId(options.bundleVersionId) : await packages.newest(options.bundle);
    const { record } = options;
    const worksOn = pkg.processes.get(options.processId)?.recordType;
    if (record && worksOn && worksOn !== record.type) {
      const message = `process ${options.processId} works on ${worksOn} records, not ${record.type}`;
      throw new FlowdeskError('INPUT_INVALID', message, { details: [{ pointer: '/processId', message }] });
    }
    const id = uuidv7();
    const session = newSession({ id }, pkg, options.processId);
    await session.start(options.variables ?? {});
    if (messageRef) await session.signal({ id: messageRef });
    const fields = {
      id,
      bundle_version_id: pkg.bundleVersionId,
      bundle_name: pkg.bundleName,
      process_id: options.processId,
      business_key: options.businessKey ?? record?.id ?? null,
      record_id: record?.id ?? null,
      started_by: options.actor,
    };
    const point = await restingPoint(fields, session, options.actor, pkg);
    const written = await inTransaction(db, async (trx) => {
      await options.beforeWrite?.(trx);
      if (record?.scope) await assertRecordInScope(trx, record, record.scope);
      const row = await insertInstance(trx, clock, fields, point);
      await afterStep(trx, pkg, options.processId, point, session.variables());
      const details = { bundle: `${pkg.bundleName}@${pkg.version}`, processId: options.processId, ...(record ? { recordId: record.id } : {}) };
      await appendAudit(trx, clock, { actor: options.actor, action: 'process.start', targetType: 'process-instance', targetId: id, details });
      return row;
    });
    if (point.snapshot.status === 'running') remember(id, { version: 1, session });
    return viewOf(written, session.variables());
  }

  /** Inside the starting transaction: the record is (still) there, of its type, in the scope; locked against changes on MySQL. */
  async function assertRecordInScope(trx: Transaction, record: { id: string; type: string }, scope: RecordScope): Promise<void> {
    const query = applyScope(trx({ r: 'records' }).where({ 'r.id': record.id, 'r.type': record.type }).first('r.id'), scope, 'r');
    if (db.dialect === 'mysql') query.forShare();
    if (!(await query)) throw new FlowdeskError('RECORD_NOT_FOUND', 'no record with that id or number that you may see');
  }

  /** The instance with its variables as stored. @throws PROCESS_INSTANCE_NOT_FOUND (also outside the scope) */
  async function getInstance(id: string, { scope }: ScopeOption = {}): Promise<InstanceView> {
    const row = await readInstance(id, scope);
    const state = JSON.parse(row.engine_state) as { definitions?: Array<{ environment?: { variables?: Record<string, unknown> } }> };
    return viewOf(row, state.definitions?.[0]?.environment?.variables ?? {});
  }

  /** An instance row as callers see it, with its variables (from the live session or the stored state). */
  function viewOf(row: InstanceRow, variables: Record<string, unknown>): InstanceView {
    return {
      id: row.id,
      bundle: row.bundle_name,
      bundleVersionId: row.bundle_version_id,
      processId: row.process_id,
      businessKey: row.business_key,
      recordId: row.record_id ?? null,
      status: row.status,
      version: row.version,
      variables,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    };
  }

  /** What the instance entered, left, discarded — and who cancelled it —, oldest first. @throws PROCESS_INSTANCE_NOT_FOUND (also outside the scope) */
  async function history(instanceId: string, { scope }: ScopeOption = {}): Promise<HistoryEntry[]> {
    await readInstance(instanceId, scope);
    const rows = (await db.knex('process_history').where({ instance_id: instanceId }).orderBy('id')) as Array<Record<string, string | null>>;
    return rows.map((r) => ({ elementId: r['element_id']!, elementType: r['element_type']!, executionId: r['execution_id']!, event: r['event']!, actor: r['actor'] ?? null, at: r['at']! }));
  }

  const tasks: TaskStore = createTaskStore({ db, clock, observers });

  /**
   * Completes a user task with form data validated against its form; nothing advances on invalid
   * data. With a scope, the task must be in it (TASK_NOT_FOUND), checked again as it is written.
   */
  async function completeTask(taskId: string, actor: Actor, data: Record<string, unknown> = {}, options: ScopeOption = {}): Promise<InstanceView> {
    const task = await tasks.openTaskFor(taskId, actor, options);
    return command(
      task.instanceId,
      actor.id,
      async (session, pkg) => {
        const values = task.formKey ? forms.assertValid(pkg, task.formKey, data) : data;
        session.assignVariables(values);
        const waiting = session.snapshot().tasks.find((t) => t.executionId === task.executionId);
        if (waiting?.multiInstance) session.assignVariables(countersignTally(session.variables(), task.elementId, values, task.formKey ? pkg.forms.get(task.formKey)?.schema : undefined));
        await session.signal({ id: task.elementId, executionId: task.executionId, ...values });
      },
      (trx) => tasks.markCompleted(trx, task, actor, data, options),
      task,
    );
  }

  /**
   * Cancels a running instance: its live session is stopped and dropped, and in one transaction
   * it is marked `cancelled`, its open tasks cancelled, its jobs and subscriptions deleted, and the
   * cancellation written to its history and the audit log. With a scope, the instance must be in
   * it. @throws PROCESS_INSTANCE_NOT_FOUND, PROCESS_NOT_RUNNING, PROCESS_VERSION_CONFLICT
   */
  async function cancel(instanceId: string, actor: string, options: ScopeOption & { reason?: string } = {}): Promise<InstanceView> {
    const scope = options.scope ?? { kind: 'all' };
    return serialized(instanceId, async () => {
      const row = await readInstance(instanceId, scope);
      if (row.status !== 'running') throw new FlowdeskError('PROCESS_NOT_RUNNING', `process instance ${instanceId} is ${row.status}`);
      const cached = sessions.get(instanceId);
      sessions.delete(instanceId);
      await cached?.session.stop();
      await inTransaction(db, async (trx) => {
        await cancelInstance(trx, clock, row, actor, scope);
        const details = { processId: row.process_id, ...(row.record_id ? { recordId: row.record_id } : {}), ...(options.reason ? { reason: options.reason } : {}) };
        await appendAudit(trx, clock, { actor, action: 'process.cancel', targetType: 'process-instance', targetId: instanceId, details });
      });
      return getInstance(instanceId);
    });
  }

  /**
   * Data for a form of an installed bundle version (a start form), validated as a task's would be.
   * @throws INPUT_INVALID with a pointer per violation
   */
  async function assertFormData(bundleVersionId: string, formKey: string, data: unknown): Promise<Record<string, unknown>> {
    return forms.assertValid(await packages.byVersionId(bundleVersionId), formKey, data);
  }

  /** The fields a form computes itself (x-flowdesk-computed): the server sets them, never the submitter. */
  async function computedFormFields(bundleVersionId: string, formKey: string): Promise<string[]> {
    const form = (await packages.byVersionId(bundleVersionId)).forms.get(formKey);
    return form ? computedFieldNames(form.schema) : [];
  }

  /** The form a task is completed with, from its instance's bundle version; null for a task without a form. */
  async function taskForm(task: Pick<TaskView, 'instanceId' | 'formKey'>): Promise<TaskForm | null> {
    if (!task.formKey) return null;
    const row = await readInstance(task.instanceId);
    const pkg = await packages.byVersionId(row.bundle_version_id);
    const form = pkg.forms.get(task.formKey);
    if (!form) return null;
    return { key: form.id, bundle: pkg.bundleName, version: pkg.version, titleKey: form.titleKey, schema: form.schema as Record<string, unknown>, uiSchema: (form.uiSchema as Record<string, unknown> | undefined) ?? null };
  }

  /**
   * Delivers a message by name to the instance waiting for it with that correlation key (its
   * business key), or else starts the newest process whose message start event takes it.
   */
  async function correlateMessage(name: string, correlationKey: string | null, variables: Record<string, unknown>, actor: string): Promise<InstanceView> {
    const query = db.knex('process_subscriptions').where({ kind: 'message', name }).orderBy('created_at').first();
    if (correlationKey === null) query.whereNull('correlation_key');
    else query.where({ correlation_key: correlationKey });
    const waiting = (await query) as { instance_id: string; ref_id: string } | undefined;
    if (waiting) {
      return command(waiting.instance_id, actor, async (session) => {
        session.assignVariables(variables);
        await session.signal({ id: waiting.ref_id });
      });
    }
    for (const pkg of await packages.allNewest()) {
      const starter = pkg.messageStarts.find((s) => s.name === name);
      if (starter) {
        return start({ bundle: pkg.bundleName, bundleVersionId: pkg.bundleVersionId, processId: starter.processId, variables, ...(correlationKey !== null ? { businessKey: correlationKey } : {}), actor }, starter.refId);
      }
    }
    throw new FlowdeskError('MESSAGE_NOT_CORRELATED', `no instance waits for message "${name}"${correlationKey !== null ? ` with key ${correlationKey}` : ''} and no process starts with it`);
  }

  /** Delivers a signal to every instance waiting for it (except the one that threw it). */
  async function broadcastSignal(name: string, actor: string, exceptInstanceId?: string): Promise<number> {
    const targets = (await db.knex('process_subscriptions').where({ kind: 'signal', name }).select('instance_id', 'ref_id')) as Array<{ instance_id: string; ref_id: string }>;
    let delivered = 0;
    for (const target of targets.filter((t) => t.instance_id !== exceptInstanceId)) {
      await command(target.instance_id, actor, (session) => session.signal({ id: target.ref_id }));
      delivered++;
    }
    return delivered;
  }

  /** Job handlers: timers, plugin calls and thrown signals, each effect written with its job's completion. */
  const jobHandlers = {
    [TIMER_JOB]: async (job: { payload: unknown }, context: JobCompletion) => {
      const { instanceId, executionId } = job.payload as { instanceId: string; executionId: string };
      await unlessGone(command(instanceId, 'system:timer', async (session) => void (await session.fireTimer(executionId)), (trx) => context.complete(trx)));
    },
    [CALL_JOB]: async (job: { payload: unknown }, context: JobCompletion) => {
      const { instanceId, executionId } = job.payload as { instanceId: string; executionId: string };
      await unlessGone(command(instanceId, 'system:plugin', (session, pkg) => runCall(session, pkg, executionId), (trx) => context.complete(trx)));
    },
    [SIGNAL_JOB]: async (job: { payload: unknown }) => {
      const { name, fromInstanceId } = job.payload as { name: string; fromInstanceId: string };
      await broadcastSignal(name, 'system:signal', fromInstanceId);
    },
  };

  /** A job for an instance that ended or was removed has nothing left to do: it just completes. */
  async function unlessGone(work: Promise<unknown>): Promise<void> {
    try {
      await work;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'PROCESS_NOT_RUNNING' && code !== 'PROCESS_INSTANCE_NOT_FOUND') throw error;
    }
  }

  /** Runs a pending service/script task's plugin in the sandbox and finishes the task with its output. */
  async function runCall(session: EngineSession, pkg: ProcessPackage, executionId: string): Promise<void> {
    const call = session.snapshot().calls.find((c) => c.executionId === executionId);
    if (!call) return;
    const input = session.variables();
    const now = clock.now().toISOString();
    let output: unknown;
    if (call.plugin) {
      const plugin = pkg.plugins.get(call.plugin);
      if (!plugin) throw new FlowdeskError('PROCESS_FAILED', `${pkg.bundleName}@${pkg.version} has no plugin ${call.plugin}`);
      output = await invokePlugin(pkg, plugin, input, { allowBpmnError: true });
    } else {
      ({ output } = await scripts.call({ script: { key: `${pkg.bundleVersionId}:script:${call.elementId}`, kind: 'inline', source: call.script ?? '', filename: `${call.elementId}.js` }, input, now }));
    }
    const thrown = bpmnErrorOf(output);
    if (thrown) return void (await session.finishCall(executionId, { error: thrown }));
    const values = output !== null && typeof output === 'object' && !Array.isArray(output) ? (output as Record<string, unknown>) : { [`${call.elementId}Result`]: output };
    await session.finishCall(executionId, { output: values });
  }

  /** Runs a bundle plugin in the sandbox with its declared limits; its output must match its declared outputs. */
  async function invokePlugin(pkg: ProcessPackage, plugin: PackagedPlugin, input: unknown, { allowBpmnError = false } = {}): Promise<unknown> {
    const { declaration } = plugin;
    const { output } = await scripts.call({
      script: { key: `${pkg.bundleVersionId}:${declaration.id}`, kind: 'module', source: plugin.source, filename: declaration.script },
      input,
      now: clock.now().toISOString(),
      limits: { ...(declaration.timeoutMs ? { cpuMs: declaration.timeoutMs } : {}), ...(declaration.memoryMb ? { memoryMb: declaration.memoryMb } : {}) },
    });
    const violations = allowBpmnError && bpmnErrorOf(output) ? [] : forms.violations(`${pkg.bundleVersionId}:plugin:${declaration.id}`, declaration.outputs, output);
    if (violations.length > 0) {
      throw new FlowdeskError('PLUGIN_OUTPUT_INVALID', `plugin ${declaration.id} returned output that does not match its declared outputs: ${violations.map((v) => `${v.pointer} ${v.message}`).join('; ')}`, { details: violations });
    }
    return output;
  }

  /**
   * Runs the plugin `pluginId` of the newest installed bundles outside any process, for the
   * engines that call plugins (SLA escalations). Ids are unique across what is installed together.
   */
  async function runPlugin(pluginId: string, input: unknown): Promise<unknown> {
    const owners = (await packages.allNewest()).filter((pkg) => pkg.plugins.has(pluginId));
    if (owners.length !== 1) throw new FlowdeskError('INTERNAL', owners.length === 0 ? `no installed bundle has the plugin "${pluginId}"` : `several installed bundles have a plugin "${pluginId}"`);
    return invokePlugin(owners[0]!, owners[0]!.plugins.get(pluginId)!, input);
  }

  return {
    start,
    runPlugin,
    /** Registers work that commits with every process step and task change (see process-observers.ts). */
    observe: observers.observe,
    getInstance,
    history,
    completeTask,
    cancel,
    taskForm,
    assertFormData,
    computedFormFields,
    correlateMessage,
    broadcastSignal,
    tasks,
    jobHandlers,
    /** Drops every live session: the next call for any instance resumes it from the database. */
    forgetSessions: () => sessions.clear(),
  };
}

export type ProcessRuntime = ReturnType<typeof createProcessRuntime>;

/**
 * A script's business decision that the task failed: `{ bpmnError: { code, message? } }` as its
 * output. It is thrown into the diagram, where an error boundary with that errorCode catches it.
 */
function bpmnErrorOf(output: unknown): Error | null {
  const decision = output !== null && typeof output === 'object' ? (output as { bpmnError?: unknown }).bpmnError : undefined;
  if (decision === null || typeof decision !== 'object') return null;
  const { code, message } = decision as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || code === '') return null;
  return Object.assign(new Error(typeof message === 'string' ? message.slice(0, 1000) : `the script ended with BPMN error ${code}`), { code });
}

type Tally = { completed: number } & Record<string, number | Record<string, number>>;

/**
 * Countersign bookkeeping for completion conditions, which cannot count by themselves: in
 * `countersign.<taskId>`, how many iterations completed and, for each enum or boolean field of
 * the form, how many answered each value — `${countersign.review.decision.approve >= 2}`.
 */
function countersignTally(variables: Record<string, unknown>, elementId: string, values: Record<string, unknown>, schema: Record<string, unknown> | undefined): Record<string, unknown> {
  const all = { ...(variables['countersign'] as Record<string, Tally> | undefined) };
  const entry: Tally = { ...all[elementId], completed: (all[elementId]?.completed ?? 0) + 1 };
  const properties = (schema?.['properties'] ?? {}) as Record<string, { enum?: unknown[]; type?: string }>;
  for (const [field, value] of Object.entries(values)) {
    const counted = properties[field]?.enum !== undefined || properties[field]?.type === 'boolean';
    if (!counted || (typeof value !== 'string' && typeof value !== 'boolean')) continue;
    const counts = { ...(entry[field] as Record<string, number> | undefined) };
    counts[String(value)] = (counts[String(value)] ?? 0) + 1;
    entry[field] = counts;
  }
  all[elementId] = entry;
  return { countersign: all };
}
