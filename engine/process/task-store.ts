/**
 * User tasks: listing by assignee and by candidate group, claim, unclaim, reassign. Each change
 * is one conditional UPDATE (so two users racing for a task cannot both win) and is audited.
 */
import { appendAudit } from '../audit/audit-log.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { Database } from '../storage/database.js';
import { inTransaction, type Transaction } from '../storage/transaction.js';
import type { Clock } from '../time/clock.js';

/** Who acts: a user id and the groups (teams, roles) the user belongs to. */
export interface Actor {
  id: string;
  groups?: readonly string[];
}

export interface TaskView {
  id: string;
  instanceId: string;
  executionId: string;
  elementId: string;
  name: string | null;
  formKey: string | null;
  assignee: string | null;
  candidateUsers: string[];
  candidateGroups: string[];
  status: string;
  dueAt: string | null;
  createdAt: string;
  claimedAt: string | null;
  endedAt: string | null;
  completedBy: string | null;
}

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

const MAX_LIST = 500;

export function createTaskStore({ db, clock }: { db: Database; clock: Clock }) {
  async function candidatesOf(ids: string[]): Promise<Map<string, { users: string[]; groups: string[] }>> {
    const result = new Map(ids.map((id) => [id, { users: [] as string[], groups: [] as string[] }]));
    if (ids.length === 0) return result;
    const rows = (await db.knex('process_task_candidates').whereIn('task_id', ids)) as Array<{ task_id: string; kind: string; value: string }>;
    for (const row of rows) result.get(row.task_id)![row.kind === 'user' ? 'users' : 'groups'].push(row.value);
    return result;
  }

  function view(row: Record<string, string | null>, candidates: { users: string[]; groups: string[] }): TaskView {
    return {
      id: row['id']!,
      instanceId: row['instance_id']!,
      executionId: row['execution_id']!,
      elementId: row['element_id']!,
      name: row['name'] ?? null,
      formKey: row['form_key'] ?? null,
      assignee: row['assignee'] ?? null,
      candidateUsers: candidates.users.sort(),
      candidateGroups: candidates.groups.sort(),
      status: row['status']!,
      dueAt: row['due_at'] ?? null,
      createdAt: row['created_at']!,
      claimedAt: row['claimed_at'] ?? null,
      endedAt: row['ended_at'] ?? null,
      completedBy: row['completed_by'] ?? null,
    };
  }

  /** Tasks matching the filter, oldest first; candidate filters are index lookups in SQL. */
  async function list(filter: TaskFilter = {}): Promise<TaskView[]> {
    const query = db.knex('process_tasks').where('status', filter.status ?? 'open');
    if (filter.assignee !== undefined) query.andWhere('assignee', filter.assignee);
    if (filter.unassigned) query.whereNull('assignee');
    if (filter.instanceId !== undefined) query.andWhere('instance_id', filter.instanceId);
    const byUser = filter.candidateUser;
    const byGroups = filter.candidateGroups ?? [];
    if (byUser !== undefined || byGroups.length > 0) {
      query.whereIn('id', (sub) => {
        sub.select('task_id').from('process_task_candidates').where((w) => {
          if (byUser !== undefined) w.orWhere({ kind: 'user', value: byUser });
          if (byGroups.length > 0) w.orWhere((g) => g.where('kind', 'group').whereIn('value', [...byGroups]));
        });
      });
    }
    const rows = (await query.orderBy('created_at').orderBy('id').limit(Math.min(filter.limit ?? 100, MAX_LIST))) as Array<Record<string, string | null>>;
    const candidates = await candidatesOf(rows.map((r) => r['id']!));
    return rows.map((r) => view(r, candidates.get(r['id']!)!));
  }

  async function get(taskId: string): Promise<TaskView> {
    const row = (await db.knex('process_tasks').where({ id: taskId }).first()) as Record<string, string | null> | undefined;
    if (!row) throw new FlowdeskError('TASK_NOT_FOUND', `no task ${taskId}`);
    return view(row, (await candidatesOf([taskId])).get(taskId)!);
  }

  function isCandidate(task: TaskView, actor: Actor): boolean {
    if (task.candidateUsers.length === 0 && task.candidateGroups.length === 0) return true;
    return task.candidateUsers.includes(actor.id) || task.candidateGroups.some((g) => actor.groups?.includes(g));
  }

  /** The open task, if `actor` may work it: its assignee, or a candidate when it is unclaimed. */
  async function openTaskFor(taskId: string, actor: Actor): Promise<TaskView> {
    const task = await get(taskId);
    if (task.status !== 'open') throw new FlowdeskError('TASK_NOT_OPEN', `task ${taskId} is ${task.status}`);
    if (task.assignee !== null ? task.assignee !== actor.id : !isCandidate(task, actor)) {
      throw new FlowdeskError('TASK_NOT_ALLOWED', `${actor.id} may not work task ${taskId}`);
    }
    return task;
  }

  /** Inside the completing command's transaction: only an open task is completed, once. */
  async function markCompleted(trx: Transaction, task: TaskView, actor: Actor, data: Record<string, unknown>): Promise<void> {
    const updated = await trx('process_tasks').where({ id: task.id, status: 'open' }).update({ status: 'completed', completed_by: actor.id, ended_at: clock.now().toISOString() });
    if (updated !== 1) throw new FlowdeskError('TASK_NOT_OPEN', `task ${task.id} was completed or cancelled meanwhile`);
    await appendAudit(trx, clock, { actor: actor.id, action: 'task.complete', targetType: 'task', targetId: task.id, details: { instanceId: task.instanceId, elementId: task.elementId, fields: Object.keys(data) } });
  }

  async function claim(taskId: string, actor: Actor): Promise<TaskView> {
    const task = await get(taskId);
    if (task.status !== 'open') throw new FlowdeskError('TASK_NOT_OPEN', `task ${taskId} is ${task.status}`);
    if (task.assignee === actor.id) return task;
    if (task.assignee !== null) throw new FlowdeskError('TASK_ALREADY_CLAIMED', `task ${taskId} is claimed by ${task.assignee}`);
    if (!isCandidate(task, actor)) throw new FlowdeskError('TASK_NOT_ALLOWED', `${actor.id} is not a candidate for task ${taskId}`);
    await inTransaction(db, async (trx) => {
      const now = clock.now().toISOString();
      const updated = await trx('process_tasks').where({ id: taskId, status: 'open' }).whereNull('assignee').update({ assignee: actor.id, claimed_at: now });
      if (updated !== 1) throw new FlowdeskError('TASK_ALREADY_CLAIMED', `task ${taskId} was claimed meanwhile`);
      await appendAudit(trx, clock, { actor: actor.id, action: 'task.claim', targetType: 'task', targetId: taskId, details: {} });
    });
    return get(taskId);
  }

  async function unclaim(taskId: string, actor: Actor): Promise<TaskView> {
    await inTransaction(db, async (trx) => {
      const updated = await trx('process_tasks').where({ id: taskId, status: 'open', assignee: actor.id }).update({ assignee: null, claimed_at: null });
      if (updated !== 1) {
        const exists = await trx('process_tasks').where({ id: taskId }).first('id');
        if (!exists) throw new FlowdeskError('TASK_NOT_FOUND', `no task ${taskId}`);
        throw new FlowdeskError('TASK_NOT_ALLOWED', `${actor.id} does not hold task ${taskId}`);
      }
      await appendAudit(trx, clock, { actor: actor.id, action: 'task.unclaim', targetType: 'task', targetId: taskId, details: {} });
    });
    return get(taskId);
  }

  /** Hands an open task to another user (delegation): the current assignee, or a candidate of an unclaimed task, may. */
  async function reassign(taskId: string, actor: Actor, to: string, reason?: string): Promise<TaskView> {
    const task = await openTaskFor(taskId, actor);
    await inTransaction(db, async (trx) => {
      const updated = await trx('process_tasks')
        .where({ id: taskId, status: 'open' })
        .andWhere((w) => (task.assignee === null ? w.whereNull('assignee') : w.where('assignee', task.assignee)))
        .update({ assignee: to, claimed_at: clock.now().toISOString() });
      if (updated !== 1) throw new FlowdeskError('TASK_ALREADY_CLAIMED', `task ${taskId} changed hands meanwhile`);
      await appendAudit(trx, clock, { actor: actor.id, action: 'task.reassign', targetType: 'task', targetId: taskId, details: { from: task.assignee, to, ...(reason ? { reason } : {}) } });
    });
    return get(taskId);
  }

  return { list, get, openTaskFor, markCompleted, claim, unclaim, reassign };
}

export type TaskStore = ReturnType<typeof createTaskStore>;
