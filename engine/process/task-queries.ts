/**
 * The task lists people work from — my tasks, my queues, everything I may see — a page at a
 * time, oldest first, with counts that use the very same WHERE. The caller's scope is part of
 * every statement (see process-scope.ts). A cursor is a position, not a permission: each page
 * applies the scope again.
 */
import type { Knex } from 'knex';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import { applyOrder, decodeCursor, encodeCursor, pageSize, type SortColumn, type SortSpec } from '../records/record-paging.js';
import { applyProcessScope, type ProcessScope } from './process-scope.js';
import { selectTasks, toTaskViews, type Actor, type TaskView } from './task-view.js';

export type TaskStatus = 'open' | 'completed' | 'cancelled';

/**
 * - `mine`: tasks assigned to the actor;
 * - `queue`: open, unclaimed tasks the actor may claim as a candidate user or through one of
 *   their groups (roles, team ids);
 * - `all`: every task in the scope.
 */
export type TaskListView = 'mine' | 'queue' | 'all';

export interface TaskCountQuery {
  view: TaskListView;
  actor: Actor;
  scope: ProcessScope;
  /** Default `open`; a queue holds open tasks only. */
  status?: TaskStatus;
  /** Only the tasks of this record's processes. */
  recordId?: string;
}

export interface TaskPageQuery extends TaskCountQuery {
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
}

export interface TaskPage {
  items: TaskView[];
  nextCursor: string | null;
}

export const DEFAULT_TASK_PAGE = 50;
export const MAX_TASK_PAGE = 200;

const ORDER: SortSpec = { key: 'createdAt', direction: 'asc', base: 'createdAt' };
const ORDER_COLUMN: SortColumn = { expression: 't.created_at', kind: 'text', isNullable: false };

/** The scoped statement of a view, before order and limit. */
function viewQuery(knex: Knex, query: TaskCountQuery): Knex.QueryBuilder {
  const status = query.status ?? 'open';
  if (query.view === 'queue' && status !== 'open') {
    throw new FlowdeskError('INPUT_INVALID', 'a queue holds open tasks only', { details: [{ pointer: '/status', message: 'must be open for the queue' }] });
  }
  const statement = selectTasks(knex).where('t.status', status);
  const { actor } = query;
  if (query.view === 'mine') statement.where('t.assignee', actor.id);
  if (query.recordId !== undefined) statement.where('t.record_id', query.recordId);
  if (query.view === 'queue') {
    const groups = [...(actor.groups ?? [])];
    statement.whereNull('t.assignee').whereIn('t.id', (sub) => {
      sub.select('task_id').from('process_task_candidates').where((w) => {
        w.where({ kind: 'user', value: actor.id });
        if (groups.length > 0) w.orWhere((g) => g.where('kind', 'group').whereIn('value', groups));
      });
    });
  }
  return applyProcessScope(statement, query.scope, { owner: 't', records: 'r', ownerIsTask: true });
}

/** One page of a view; the cursor must come from the previous page. @throws INPUT_INVALID (cursor, limit, status) */
export async function pageTasks(knex: Knex, query: TaskPageQuery): Promise<TaskPage> {
  const size = pageSize(query.limit, DEFAULT_TASK_PAGE, MAX_TASK_PAGE);
  const statement = viewQuery(knex, query);
  const after = query.cursor === undefined || query.cursor === '' ? undefined : decodeCursor(query.cursor, ORDER, ORDER_COLUMN);
  applyOrder(statement, ORDER, ORDER_COLUMN, 't.id', after);
  const rows = (await statement.limit(size + 1)) as Array<Record<string, string | null>>;
  const items = await toTaskViews(knex, rows.slice(0, size));
  const last = rows.length > size ? items[items.length - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(ORDER, { value: last.createdAt, id: last.id }) : null };
}

/** How many tasks the view holds over all its pages. */
export async function countTasks(knex: Knex, query: TaskCountQuery): Promise<number> {
  const statement = viewQuery(knex, query).clearSelect().count({ n: '*' });
  const [row] = (await statement) as Array<{ n: number | string }>;
  return Number(row?.n ?? 0);
}

/** The task if the scope reaches it. @throws TASK_NOT_FOUND (also when it exists outside the scope) */
export async function findTask(knex: Knex, taskId: string, scope: ProcessScope): Promise<TaskView> {
  const statement = applyProcessScope(selectTasks(knex).where('t.id', taskId), scope, { owner: 't', records: 'r', ownerIsTask: true });
  const row = (await statement.first()) as Record<string, string | null> | undefined;
  if (!row) throw taskNotFound(taskId);
  const [task] = await toTaskViews(knex, [row]);
  return task!;
}

/** The same answer whether the task does not exist or is out of reach. */
export function taskNotFound(taskId: string): FlowdeskError {
  return new FlowdeskError('TASK_NOT_FOUND', `no task ${taskId} that you may see`);
}
