/**
 * Reading records: by id or number, lists with filters, sorting and cursor paging, counts with
 * the very same WHERE as lists, search, and history. The scope is part of every statement.
 */
import type { Knex } from 'knex';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { RecordContext } from './record-context.js';
import { filteredRecords, type RecordFilters } from './record-filters.js';
import { readHistory, type RecordHistoryEntry } from './record-history.js';
import { findRecord } from './record-lookup.js';
import { applyOrder, BASE_SORT_COLUMNS, decodeCursor, encodeCursor, pageSize, parseSort, type SortColumn, type SortSpec } from './record-paging.js';
import { applyScope, type RecordScope } from './record-scope.js';
import { applySearch, recordsFromGrams, startingGrams } from './record-search.js';
import type { RecordTypeInfo } from './record-types.js';
import { joinSortValue } from './record-values.js';
import { recordColumns, toRecordView, type RecordPage, type RecordRow, type RecordView } from './record-view.js';
import { planSearch } from './search-text.js';

export interface RecordCountQuery {
  type: string | RecordTypeInfo;
  scope: RecordScope;
  filters?: RecordFilters;
}

export interface RecordListQuery extends RecordCountQuery {
  /** `key` ascending or `-key` descending: number, createdAt, updatedAt, state, fields.<indexed field>. Default `-updatedAt`. */
  sort?: string;
  /** The `nextCursor` of the previous page, made for the same sort. */
  cursor?: string;
  limit?: number;
}

export interface RecordSearchQuery {
  text: string;
  scope: RecordScope;
  /** One type (its filters then apply too), or every type. */
  type?: string | RecordTypeInfo;
  filters?: RecordFilters;
  cursor?: string;
  limit?: number;
}

const DEFAULT_SORT = '-updatedAt';
const MAX_HISTORY_PAGE = 1000;

type Row = RecordRow & { sort_value?: string | number | null };

export function createRecordQueries({ db, types, limits }: RecordContext) {
  const resolve = (type: string | RecordTypeInfo) => (typeof type === 'string' ? types.get(type) : Promise.resolve(type));

  /** Where the sort reads its value; joins the indexed field's value for a field sort. */
  function sortColumn(query: Knex.QueryBuilder, type: RecordTypeInfo | null, sort: SortSpec): SortColumn {
    if (sort.field === undefined) {
      const base = BASE_SORT_COLUMNS[sort.base]!;
      return { expression: `r.${base.column}`, kind: base.kind, isNullable: false };
    }
    if (!type) throw new FlowdeskError('INPUT_INVALID', 'sorting by a field needs a record type', { details: [{ pointer: '/sort', message: 'needs a type' }] });
    const expression = joinSortValue(query, type, sort.field, 'r');
    query.select(`${expression} as sort_value`);
    return { expression, kind: expression.endsWith('value_num') ? 'number' : 'text', isNullable: true };
  }

  /** Orders, pages and runs `query`, returning the page and the next page's cursor. */
  async function page(query: Knex.QueryBuilder, type: RecordTypeInfo | null, sortKey: unknown, cursor: unknown, limit: unknown): Promise<RecordPage> {
    const sort = parseSort(sortKey, DEFAULT_SORT);
    const size = pageSize(limit, limits.defaultPageSize, limits.maxPageSize);
    const column = sortColumn(query, type, sort);
    const after = cursor === undefined || cursor === null || cursor === '' ? undefined : decodeCursor(cursor, sort, column);
    applyOrder(query, sort, column, 'r.id', after);
    const rows = (await query.select(recordColumns('r')).limit(size + 1)) as Row[];
    const items = rows.slice(0, size);
    const last = rows.length > size ? items[items.length - 1] : undefined;
    const valueOf = (row: Row) => {
      const raw = sort.field === undefined ? row[BASE_SORT_COLUMNS[sort.base]!.column as keyof RecordRow] : row.sort_value;
      if (raw === null || raw === undefined) return null;
      return column.kind === 'number' ? Number(raw) : String(raw);
    };
    return { items: items.map(toRecordView), nextCursor: last ? encodeCursor(sort, { value: valueOf(last), id: last.id }) : null };
  }

  return {
    /**
     * The record with that id or number, if the scope reaches it.
     * @throws RECORD_NOT_FOUND (also when it exists outside the scope)
     */
    async get(key: string, scope: RecordScope): Promise<RecordView> {
      return toRecordView(await findRecord(db.knex, key, scope));
    },

    /**
     * A page of a type's records within the scope and filters.
     * @throws RECORD_TYPE_NOT_FOUND, INPUT_INVALID (filter, sort, cursor or limit)
     */
    async list(query: RecordListQuery): Promise<RecordPage> {
      const type = await resolve(query.type);
      return page(filteredRecords(db.knex, type, query.scope, query.filters), type, query.sort, query.cursor, query.limit);
    },

    /** How many records `list` would return over all its pages: the same WHERE. */
    async count(query: RecordCountQuery): Promise<number> {
      const type = await resolve(query.type);
      const [row] = (await filteredRecords(db.knex, type, query.scope, query.filters).count({ n: '*' })) as Array<{ n: number | string }>;
      return Number(row?.n ?? 0);
    },

    /**
     * Records whose text (number and string fields) contains every term, most recently updated
     * first. Terms are split on whitespace; every other character is matched as itself.
     * @throws INPUT_INVALID (empty or too long text, cursor, limit), RECORD_TYPE_NOT_FOUND
     */
    async search(query: RecordSearchQuery): Promise<RecordPage> {
      const plan = planSearch(query.text, { maxChars: limits.maxSearchChars, maxTerms: limits.maxSearchTerms });
      const type = query.type === undefined ? null : await resolve(query.type);
      if (!type && query.filters !== undefined) throw new FlowdeskError('INPUT_INVALID', 'filters need a record type', { details: [{ pointer: '/filters', message: 'needs a type' }] });
      const starting = await startingGrams(db.knex, plan, limits.maxSearchCandidates);
      const from = starting ? recordsFromGrams(db.knex, starting) : db.knex({ r: 'records' });
      const statement = type ? filteredRecords(db.knex, type, query.scope, query.filters, from) : applyScope(from, query.scope, 'r');
      applySearch(statement, plan, 'r', starting === null);
      return page(statement, type, DEFAULT_SORT, query.cursor, query.limit);
    },

    /** The record's history, oldest first. @throws RECORD_NOT_FOUND */
    async history(key: string, scope: RecordScope, options: { after?: string; limit?: number } = {}): Promise<RecordHistoryEntry[]> {
      const limit = pageSize(options.limit, MAX_HISTORY_PAGE, MAX_HISTORY_PAGE);
      return readHistory(db.knex, key, scope, { limit, ...(options.after === undefined ? {} : { after: options.after }) });
    },
  };
}
