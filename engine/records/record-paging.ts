/**
 * Sorting and cursor paging for record lists. A sort is one allowed key plus the record id as the
 * tie-breaker, so every order is total. A cursor is the last row's sort value and id, opaque
 * (base64url of JSON) and checked strictly when it comes back: it must decode exactly, be for
 * the same sort, and hold a value of the right kind, or the request is INPUT_INVALID. A cursor
 * is a position, not a permission: every page applies the scope and filters again.
 */
import type { Knex } from 'knex';
import { FlowdeskError } from '../errors/flowdesk-error.js';

export type SortDirection = 'asc' | 'desc';

export interface SortSpec {
  /** As asked and as the cursor carries it: `updatedAt`, `-number`, `fields.priority` … */
  key: string;
  direction: SortDirection;
  /** A base key (number, createdAt, updatedAt, state) or an indexed field's name. */
  base: string;
  field?: string;
}

/** Base sort keys and the records column behind each. */
export const BASE_SORT_COLUMNS: Readonly<Record<string, { column: string; kind: 'text' | 'number' }>> = {
  number: { column: 'seq', kind: 'number' },
  createdAt: { column: 'created_at', kind: 'text' },
  updatedAt: { column: 'updated_at', kind: 'text' },
  state: { column: 'state', kind: 'text' },
};

/** Where a sort reads its value: a column expression, the kind of value, whether it can be NULL. */
export interface SortColumn {
  expression: string;
  kind: 'text' | 'number';
  isNullable: boolean;
}

export interface Cursor {
  value: string | number | null;
  id: string;
}

const MAX_CURSOR_LENGTH = 2048;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Reads `key` or `-key` (descending).
 * @throws FlowdeskError INPUT_INVALID for anything but a base key or `fields.<name>`.
 */
export function parseSort(sort: unknown, fallback: string): SortSpec {
  const key = sort === undefined || sort === null || sort === '' ? fallback : sort;
  if (typeof key !== 'string' || key.length > 110) throw sortError('must be a string');
  const direction: SortDirection = key.startsWith('-') ? 'desc' : 'asc';
  const name = direction === 'desc' ? key.slice(1) : key;
  if (Object.hasOwn(BASE_SORT_COLUMNS, name)) return { key, direction, base: name };
  const field = /^fields\.([A-Za-z][A-Za-z0-9_]*)$/.exec(name)?.[1];
  if (field) return { key, direction, base: name, field };
  throw sortError(`"${name}" is not a sort key (number, createdAt, updatedAt, state or fields.<indexed field>)`);
}

function sortError(message: string): FlowdeskError {
  return new FlowdeskError('INPUT_INVALID', `sort: ${message}`, { details: [{ pointer: '/sort', message }] });
}

export function encodeCursor(sort: SortSpec, cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ k: sort.key, v: cursor.value, i: cursor.id }), 'utf8').toString('base64url');
}

/** @throws FlowdeskError INPUT_INVALID for a cursor that is malformed, altered, or made for another sort. */
export function decodeCursor(text: unknown, sort: SortSpec, column: SortColumn): Cursor {
  const refuse = (): never => {
    throw new FlowdeskError('INPUT_INVALID', 'the cursor is not valid for this list; start again from the first page', { details: [{ pointer: '/cursor', message: 'invalid cursor' }] });
  };
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return refuse();
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) return refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return refuse();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return refuse();
  const { k, v, i, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || k !== sort.key || typeof i !== 'string' || !ID.test(i)) return refuse();
  const isValueOk =
    (v === null && column.isNullable) ||
    (column.kind === 'number' && typeof v === 'number' && Number.isFinite(v)) ||
    (column.kind === 'text' && typeof v === 'string' && v.length <= 1000);
  if (!isValueOk) return refuse();
  return { value: v as Cursor['value'], id: i };
}

/**
 * Orders by the sort column then the id, and, after a cursor, keeps only what comes after it in
 * that order. NULLs come first ascending and last descending, as both SQLite and MySQL order them.
 */
export function applyOrder(query: Knex.QueryBuilder, sort: SortSpec, column: SortColumn, idColumn: string, after?: Cursor): void {
  const { expression } = column;
  const beyond = sort.direction === 'asc' ? '>' : '<';
  if (after) {
    const { value, id } = after;
    query.where((b) => {
      if (value === null) {
        b.where((tie) => tie.whereNull(expression).andWhere(idColumn, beyond, id));
        if (sort.direction === 'asc') b.orWhereNotNull(expression);
        return;
      }
      b.where(expression, beyond, value).orWhere((tie) => tie.where(expression, value).andWhere(idColumn, beyond, id));
      if (sort.direction === 'desc' && column.isNullable) b.orWhereNull(expression);
    });
  }
  query.orderBy(expression, sort.direction).orderBy(idColumn, sort.direction);
}

/** The page size asked for, within the limit. */
export function pageSize(limit: unknown, fallback: number, max: number): number {
  if (limit === undefined || limit === null) return fallback;
  const n = typeof limit === 'string' && /^\d+$/.test(limit) ? Number(limit) : limit;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max) {
    throw new FlowdeskError('INPUT_INVALID', `limit must be a whole number from 1 to ${max}`, { details: [{ pointer: '/limit', message: `1 to ${max}` }] });
  }
  return n;
}
