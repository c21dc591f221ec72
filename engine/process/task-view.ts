/**
 * A user task as callers see it, read in one statement with the record it belongs to (LEFT
 * JOIN, so the record scope can apply in that same statement), plus its candidates.
 */
import type { Knex } from 'knex';

/** Who acts: a user id and the groups (roles, team ids) the user belongs to. */
export interface Actor {
  id: string;
  groups?: readonly string[];
}

/** The record a task works on, as a list shows it. */
export interface TaskRecord {
  id: string;
  type: string;
  number: string;
  title: string;
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
  /** The record of the task's instance, or null for an instance that belongs to none. */
  record: TaskRecord | null;
}

type TaskRow = Record<string, string | null>;

const TASK_COLUMNS = ['id', 'instance_id', 'execution_id', 'element_id', 'name', 'form_key', 'assignee', 'status', 'due_at', 'created_at', 'claimed_at', 'ended_at', 'completed_by', 'record_id'];

/** process_tasks as `t`, LEFT JOINed to its record as `r`, selecting what a view needs. */
export function selectTasks(knex: Knex): Knex.QueryBuilder {
  return knex({ t: 'process_tasks' })
    .leftJoin({ r: 'records' }, 'r.id', 't.record_id')
    .select([...TASK_COLUMNS.map((c) => `t.${c}`), 'r.type as record_type', 'r.number as record_number', 'r.title as record_title']);
}

/** Views of rows read with {@link selectTasks}, with their candidates (one more statement). */
export async function toTaskViews(knex: Knex, rows: readonly TaskRow[]): Promise<TaskView[]> {
  const ids = rows.map((r) => r['id']!);
  const candidates = new Map(ids.map((id) => [id, { users: [] as string[], groups: [] as string[] }]));
  if (ids.length > 0) {
    const found = (await knex('process_task_candidates').whereIn('task_id', ids)) as Array<{ task_id: string; kind: string; value: string }>;
    for (const row of found) candidates.get(row.task_id)![row.kind === 'user' ? 'users' : 'groups'].push(row.value);
  }
  return rows.map((row) => view(row, candidates.get(row['id']!)!));
}

function view(row: TaskRow, candidates: { users: string[]; groups: string[] }): TaskView {
  const recordId = row['record_id'] ?? null;
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
    // A record id whose record is gone reads as no record: nothing about it is left to show.
    record: recordId !== null && row['record_type'] ? { id: recordId, type: row['record_type'], number: row['record_number']!, title: row['record_title']! } : null,
  };
}
