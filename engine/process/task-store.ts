/**
 * User tasks: listing by assignee and by candidate group, claim, unclaim, reassign. Each change
 * is one conditional UPDATE (so two users racing for a task cannot both win) and is audited.
 * Given a {@link ProcessScope}, a call finds the task only within it and its UPDATE carries the
 * same condition, so a task out of the caller's reach is TASK_NOT_FOUND, never touched.
 */
import { appendAudit } from '../audit/audit-log.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { Database } from '../storage/database.js';
import { inTransaction, type Transaction } from '../storage/transaction.js';
import type { Clock } from '../time/clock.js';
import type { ProcessObservers } from './process-observers.js';
import { applyProcessScope, type ProcessScope } from './process-scope.js';
import { countTasks, findTask, pageTasks, taskNotFound, type TaskCountQuery, type TaskPage, type TaskPageQuery } from './task-queries.js';
import { selectTasks, toTaskViews, type Actor, type TaskView } from './task-view.js';

export type { Actor, TaskView } from './task-view.js';

export interface TaskFilter {
  assignee?: string;
  candidateUser?: string;
  candidateGroups?: readonly string[];
  /** Only tasks nobody has claimed. */
  unassigned?: boolean;
  instanceId?: string;
  status?: 'open' | 'completed' | 'cancelled';
  limit?: number;
}

/** Where a task must be for the call: within this scope (TASK_NOT_FOUND outside it). No scope: anywhere. */
export interface ScopeOption {
  scope?: ProcessScope;
}

const MAX_LIST = 500;
const EVERYWHERE: ProcessScope = { kind: 'all' };

export function createTaskStore({ db, clock, observers }: { db: Database; clock: Clock; observers?: ProcessObservers }) {
  /** In the change's transaction: observers learn the task's new assignee. */
  async function assigned(trx: Transaction, task: TaskView, assignee: string, actor: Actor): Promise<void> {
    if (!observers) return;
    const instance = (await trx('process_instances').where({ id: task.instanceId }).first('process_id')) as { process_id: string };
    const at = clock.now().toISOString();
    const event = { kind: 'task.assigned' as const, instanceId: task.instanceId, processId: instance.process_id, recordId: task.record?.id ?? null, task: { ...task, assignee, claimedAt: at }, actor: actor.id, at };
    await observers.notify(trx, [event]);
  }

  /** Tasks matching the filter, oldest first; candidate filters are index lookups in SQL. Unscoped: for the engine's own callers. */
  async function list(filter: TaskFilter = {}): Promise<TaskView[]> {
    const query = selectTasks(db.knex).where('t.status', filter.status ?? 'open');
    if (filter.assignee !== undefined) query.andWhere('t.assignee', filter.assignee);
    if (filter.unassigned) query.whereNull('t.assignee');
    if (filter.instanceId !== undefined) query.andWhere('t.instance_id', filter.instanceId);
    const byUser = filter.candidateUser;
    const byGroups = filter.candidateGroups ?? [];
    if (byUser !== undefined || byGroups.length > 0) {
      query.whereIn('t.id', (sub) => {
        sub.select('task_id').from('process_task_candidates').where((w) => {
          if (byUser !== undefined) w.orWhere({ kind: 'user', value: byUser });
          if (byGroups.length > 0) w.orWhere((g) => g.where('kind', 'group').whereIn('value', [...byGroups]));
        });
      });
    }
    const rows = (await query.orderBy('t.created_at').orderBy('t.id').limit(Math.min(filter.limit ?? 100, MAX_LIST))) as Array<Record<string, string | null>>;
    return toTaskViews(db.knex, rows);
  }

  /** @throws TASK_NOT_FOUND (also when it exists outside the scope) */
  function get(taskId: string, { scope = EVERYWHERE }: ScopeOption = {}): Promise<TaskView> {
    return findTask(db.knex, taskId, scope);
  }

  /** An UPDATE of one task, limited to the scope. */
  function updateOne(trx: Transaction, taskId: string, scope: ProcessScope) {
    return applyProcessScope(trx('process_tasks').where({ id: taskId }), scope, { owner: 'process_tasks', ownerIsTask: true });
  }

  /** Why a conditional update of the task found nothing: gone from reach, no longer open, or taken. */
  async function refusal(trx: Transaction, taskId: string, scope: ProcessScope): Promise<FlowdeskError> {
    const task = await findTask(trx, taskId, scope).catch(() => null);
    if (!task) return taskNotFound(taskId);
    if (task.status !== 'open') return new FlowdeskError('TASK_NOT_OPEN', `task ${taskId} is ${task.status}`);
    return new FlowdeskError('TASK_ALREADY_CLAIMED', `task ${taskId} changed hands meanwhile`);
  }

  function isCandidate(task: TaskView, actor: Actor): boolean {
    if (task.candidateUsers.length === 0 && task.candidateGroups.length === 0) return true;
    return task.candidateUsers.includes(actor.id) || task.candidateGroups.some((g) => actor.groups?.includes(g));
  }

  /** The open task, if `actor` may work it: its assignee, or a candidate when it is unclaimed. */
  async function openTaskFor(taskId: string, actor: Actor, options: ScopeOption = {}): Promise<TaskView> {
    const task = await get(taskId, options);
    if (task.status !== 'open') throw new FlowdeskError('TASK_NOT_OPEN', `task ${taskId} is ${task.status}`);
    if (task.assignee !== null ? task.assignee !== actor.id : !isCandidate(task, actor)) {
      throw new FlowdeskError('TASK_NOT_ALLOWED', `${actor.id} may not work task ${taskId}`);
    }
    return task;
  }

  /** Inside the completing command's transaction: only an open task (still in the scope) is completed, once. */
  async function markCompleted(trx: Transaction, task: TaskView, actor: Actor, data: Record<string, unknown>, { scope = EVERYWHERE }: ScopeOption = {}): Promise<void> {
    const updated = await updateOne(trx, task.id, scope).where({ status: 'open' }).update({ status: 'completed', completed_by: actor.id, ended_at: clock.now().toISOString() });
    if (updated !== 1) {
      const why = await refusal(trx, task.id, scope);
      throw why.code === 'TASK_NOT_FOUND' ? why : new FlowdeskError('TASK_NOT_OPEN', `task ${task.id} was completed or cancelled meanwhile`);
    }
    await appendAudit(trx, clock, { actor: actor.id, action: 'task.complete', targetType: 'task', targetId: task.id, details: { instanceId: task.instanceId, elementId: task.elementId, fields: Object.keys(data), ...recordOf(task) } });
  }

  async function claim(taskId: string, actor: Actor, { scope = EVERYWHERE }: ScopeOption = {}): Promise<TaskView> {
    const task = await get(taskId, { scope });
    if (task.status !== 'open') throw new FlowdeskError('TASK_NOT_OPEN', `task ${taskId} is ${task.status}`);
    if (task.assignee === actor.id) return task;
    if (task.assignee !== null) throw new FlowdeskError('TASK_ALREADY_CLAIMED', `task ${taskId} is claimed by ${task.assignee}`);
    if (!isCandidate(task, actor)) throw new FlowdeskError('TASK_NOT_ALLOWED', `${actor.id} is not a candidate for task ${taskId}`);
    await inTransaction(db, async (trx) => {
      const now = clock.now().toISOString();
      const updated = await updateOne(trx, taskId, scope).where({ status: 'open' }).whereNull('assignee').update({ assignee: actor.id, claimed_at: now });
      if (updated !== 1) throw await refusal(trx, taskId, scope);
      await appendAudit(trx, clock, { actor: actor.id, action: 'task.claim', targetType: 'task', targetId: taskId, details: recordOf(task) });
      await assigned(trx, task, actor.id, actor);
    });
    return get(taskId, { scope });
  }

  async function unclaim(taskId: string, actor: Actor, { scope = EVERYWHERE }: ScopeOption = {}): Promise<TaskView> {
    await inTransaction(db, async (trx) => {
      const updated = await updateOne(trx, taskId, scope).where({ status: 'open', assignee: actor.id }).update({ assignee: null, claimed_at: null });
      if (updated !== 1) {
        const task = await findTask(trx, taskId, scope);
        if (task.status !== 'open') throw new FlowdeskError('TASK_NOT_OPEN', `task ${taskId} is ${task.status}`);
        throw new FlowdeskError('TASK_NOT_ALLOWED', `${actor.id} does not hold task ${taskId}`);
      }
      await appendAudit(trx, clock, { actor: actor.id, action: 'task.unclaim', targetType: 'task', targetId: taskId, details: {} });
    });
    return get(taskId, { scope });
  }

  /**
   * Hands an open task to another user. By default a delegation: the current assignee, or a
   * candidate of an unclaimed task, may. As a dispatcher (`asDispatcher`), the right comes from
   * the scope alone — the caller's assign grants — whoever holds the task.
   */
  async function reassign(taskId: string, actor: Actor, to: string, reason?: string, options: ScopeOption & { asDispatcher?: boolean } = {}): Promise<TaskView> {
    const scope = options.scope ?? EVERYWHERE;
    const task = options.asDispatcher ? await get(taskId, { scope }) : await openTaskFor(taskId, actor, { scope });
    if (task.status !== 'open') throw new FlowdeskError('TASK_NOT_OPEN', `task ${taskId} is ${task.status}`);
    await inTransaction(db, async (trx) => {
      const updated = await updateOne(trx, taskId, scope)
        .where({ status: 'open' })
        .andWhere((w) => (task.assignee === null ? w.whereNull('assignee') : w.where('assignee', task.assignee)))
        .update({ assignee: to, claimed_at: clock.now().toISOString() });
      if (updated !== 1) throw await refusal(trx, taskId, scope);
      await appendAudit(trx, clock, { actor: actor.id, action: 'task.reassign', targetType: 'task', targetId: taskId, details: { from: task.assignee, to, ...(reason ? { reason } : {}), ...recordOf(task) } });
      await assigned(trx, task, to, actor);
    });
    return get(taskId, { scope });
  }

  return {
    list,
    get,
    /** A page of my tasks, my queue, or every task in the scope. */
    page: (query: TaskPageQuery): Promise<TaskPage> => pageTasks(db.knex, query),
    /** How many tasks {@link page} would return over all its pages. */
    count: (query: TaskCountQuery): Promise<number> => countTasks(db.knex, query),
    openTaskFor,
    markCompleted,
    claim,
    unclaim,
    reassign,
  };
}

/** The record a task works on, for its audit entries. */
function recordOf(task: TaskView): Record<string, string> {
  return task.record ? { recordId: task.record.id } : {};
}

export type TaskStore = ReturnType<typeof createTaskStore>;
