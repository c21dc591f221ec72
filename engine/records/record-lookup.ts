/**
 * Finding a record, and what hangs off it, under a scope — always in one statement, so there is
 * no moment at which a row outside the scope has been read. A record outside the scope is
 * RECORD_NOT_FOUND, exactly like one that does not exist.
 */
import type { Knex } from 'knex';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { Dialect } from '../storage/database.js';
import { applyScope, type RecordScope } from './record-scope.js';
import { recordColumns, whereRecordKey, type RecordRow } from './record-view.js';

/** The same answer whether the record does not exist or is outside the scope; it echoes nothing back. */
export function recordNotFound(): FlowdeskError {
  return new FlowdeskError('RECORD_NOT_FOUND', 'no record with that id or number that you may see');
}

/**
 * The record named by `key` (id or number) within `scope`. With `lock` (inside a write
 * transaction) the row is locked on MySQL until commit; SQLite has one writer anyway.
 * @throws FlowdeskError RECORD_NOT_FOUND
 */
export async function findRecord(knex: Knex, key: string, scope: RecordScope, options: { lock?: Dialect } = {}): Promise<RecordRow> {
  const query = knex({ r: 'records' }).select(recordColumns('r'));
  whereRecordKey(query, key, 'r');
  applyScope(query, scope, 'r');
  if (options.lock === 'mysql') query.forUpdate();
  const row = (await query.first()) as RecordRow | undefined;
  if (!row) throw recordNotFound();
  return row;
}

/**
 * Rows of a child table of the record named by `key`, read with the record in one statement: the
 * record is LEFT JOINed to its children under the scope, so no row means no visible record, and
 * one row with a NULL child means a visible record without children. `join` adds the LEFT JOIN
 * (aliased `c`), its extra conditions, order and limit.
 * @throws FlowdeskError RECORD_NOT_FOUND
 */
export async function childRows<T extends object>(
  knex: Knex,
  key: string,
  scope: RecordScope,
  columns: string[],
  join: (query: Knex.QueryBuilder) => void,
): Promise<Array<T & { record_id: string }>> {
  const query = knex({ r: 'records' }).select('r.id as scoped_record_id', ...columns);
  whereRecordKey(query, key, 'r');
  applyScope(query, scope, 'r');
  join(query);
  const rows = (await query) as Array<Record<string, unknown>>;
  if (rows.length === 0) throw recordNotFound();
  return rows.filter((row) => row['child_id'] !== null && row['child_id'] !== undefined).map((row) => ({ ...row, record_id: row['scoped_record_id'] }) as T & { record_id: string });
}
