/**
 * Filters of record lists and counts. Lists, counts and exports all build their WHERE here, with
 * the scope, so an aggregate can never see more than the list it summarizes.
 */
import type { Knex } from 'knex';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import { applyScope, type RecordScope } from './record-scope.js';
import type { RecordTypeInfo } from './record-types.js';
import { applyFieldFilter, type FieldFilter } from './record-values.js';

/** One id, any of several, or (where a record may have none) null for "none". */
export type IdFilter = string | readonly string[] | null;

export interface RecordFilters {
  state?: string | readonly string[];
  organizationId?: string | readonly string[];
  callerId?: IdFilter;
  teamId?: IdFilter;
  assigneeId?: IdFilter;
  createdBy?: string | readonly string[];
  /** Indexed fields only. */
  fields?: Readonly<Record<string, FieldFilter>>;
}

const COLUMNS = {
  state: { column: 'state', isNullable: false },
  organizationId: { column: 'organization_id', isNullable: false },
  callerId: { column: 'caller_id', isNullable: true },
  teamId: { column: 'team_id', isNullable: true },
  assigneeId: { column: 'assignee_id', isNullable: true },
  createdBy: { column: 'created_by', isNullable: false },
} as const;

const MAX_IN_LIST = 100;

/**
 * The records of `type` within `scope` that match `filters`, as a query on `records` aliased `r`
 * (`from` may start elsewhere and join them, as a search does).
 * @throws FlowdeskError INPUT_INVALID for an unknown filter, a field that is not indexed, or a value of the wrong kind.
 */
export function filteredRecords(knex: Knex, type: RecordTypeInfo, scope: RecordScope, filters: RecordFilters = {}, from: Knex.QueryBuilder = knex({ r: 'records' })): Knex.QueryBuilder {
  const query = from.where('r.type', type.id);
  applyScope(query, scope, 'r');
  if (filters === null || typeof filters !== 'object') throw invalid('/filters', 'must be an object');
  for (const [name, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    if (name === 'fields') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid('/filters/fields', 'must be an object');
      for (const [field, filter] of Object.entries(value)) applyFieldFilter(query, knex, type, field, filter, 'r');
      continue;
    }
    if (!Object.hasOwn(COLUMNS, name)) throw invalid(`/filters/${name}`, `"${name}" is not a filter`);
    applyColumnFilter(query, name, COLUMNS[name as keyof typeof COLUMNS], value);
  }
  return query;
}

function applyColumnFilter(query: Knex.QueryBuilder, name: string, spec: { column: string; isNullable: boolean }, value: unknown): void {
  const column = `r.${spec.column}`;
  const pointer = `/filters/${name}`;
  if (value === null) {
    if (!spec.isNullable) throw invalid(pointer, 'cannot be null');
    query.whereNull(column);
  } else if (typeof value === 'string') {
    query.where(column, value);
  } else if (Array.isArray(value)) {
    if (value.length > MAX_IN_LIST) throw invalid(pointer, `at most ${MAX_IN_LIST} values`);
    if (!value.every((v) => typeof v === 'string')) throw invalid(pointer, 'must be strings');
    query.whereIn(column, value as string[]);
  } else {
    throw invalid(pointer, 'must be a string or a list of strings');
  }
}

function invalid(pointer: string, message: string): FlowdeskError {
  return new FlowdeskError('INPUT_INVALID', `${pointer.slice(1)}: ${message}`, { details: [{ pointer, message }] });
}
