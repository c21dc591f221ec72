/**
 * Which process instances and tasks a caller may touch, decided from their grants in
 * runtime/access and applied here inside the SQL of every statement — reads join the records
 * table, writes carry the same condition in their UPDATE — never by filtering rows after they
 * were fetched.
 *
 * - An instance or task that belongs to a record is in reach exactly when that record is in the
 *   caller's scope for its record type.
 * - A task of an instance without a record is in reach of its assignee and its candidates (a
 *   candidate user, or a candidate group among the actor's groups) when the scope names the
 *   actor, and of nobody else; an instance without a record only of an `all` scope.
 * - `all` (administrators) reaches everything.
 */
import type { Knex } from 'knex';
import { applyScope, type RecordScope } from '../records/record-scope.js';
import type { Actor } from './task-store.js';

/** The caller's scope on one record type. */
export interface RecordReach {
  recordType: string;
  scope: RecordScope;
}

export type ProcessScope =
  | { kind: 'all' }
  | {
      kind: 'some';
      /** Record types the caller reaches some records of, with the scope on each. */
      records: readonly RecordReach[];
      /** When given, tasks without a record are in reach of this actor as their assignee or candidate. */
      actor?: Actor;
    };

type Where = Knex.QueryBuilder;

/** Records of any reached type within that type's scope, on the records table under `alias`. */
function whereRecordReached(builder: Where, reaches: readonly RecordReach[], alias: string): void {
  const usable = reaches.filter((r) => r.scope.kind !== 'none');
  if (usable.length === 0) {
    builder.whereRaw('1 = 0');
    return;
  }
  builder.where((any) => {
    for (const { recordType, scope } of usable) {
      any.orWhere((one) => {
        one.where(`${alias}.type`, recordType);
        applyScope(one, scope, alias);
      });
    }
  });
}

/** The actor holds the task (column prefix `tasks`) or may claim it. */
function whereActorMayWork(builder: Where, actor: Actor, tasks: string): void {
  const groups = [...(actor.groups ?? [])];
  builder.where((either) => {
    either.where(`${tasks}.assignee`, actor.id).orWhereIn(`${tasks}.id`, (sub) => {
      sub.select('task_id').from('process_task_candidates').where((w) => {
        w.where({ kind: 'user', value: actor.id });
        if (groups.length > 0) w.orWhere((g) => g.where('kind', 'group').whereIn('value', groups));
      });
    });
  });
}

/**
 * Keeps the rows of `query` — over process_tasks or process_instances, its columns prefixed by
 * `owner` — that the scope reaches. With `records` (an alias LEFT JOINed on the owner's
 * record_id) the record scope reads the joined row; without it, the condition is a subquery on
 * records, which an UPDATE of the owner table can carry on SQLite and MySQL alike.
 */
export function applyProcessScope(query: Where, scope: ProcessScope, options: { owner: string; records?: string; ownerIsTask: boolean }): Where {
  if (scope.kind === 'all') return query;
  const { owner, records, ownerIsTask } = options;
  const actor = ownerIsTask ? scope.actor : undefined;
  return query.where((reach) => {
    reach.where((bound) => {
      bound.whereNotNull(`${owner}.record_id`);
      if (records) whereRecordReached(bound, scope.records, records);
      else bound.whereIn(`${owner}.record_id`, (sub) => whereRecordReached(sub.select('scoped.id').from({ scoped: 'records' }), scope.records, 'scoped'));
    });
    if (actor) reach.orWhere((unbound) => whereActorMayWork(unbound.whereNull(`${owner}.record_id`), actor, owner));
  });
}
