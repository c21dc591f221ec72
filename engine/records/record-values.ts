/**
 * Indexed fields: the values of the fields a type lists as `indexed`, one row per scalar value in
 * `record_values`, so filters and sorts on them are index range scans in SQL. Strings and
 * booleans go to `value_text` (strings cut to their first 255 characters, on both sides of a
 * comparison), numbers to `value_num`; an array field gives one row per element and can be
 * filtered on (any element matches) but not sorted by.
 */
import type { Knex } from 'knex';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { Transaction } from '../storage/transaction.js';
import type { Fields } from './record-fields.js';
import type { RecordTypeInfo } from './record-types.js';

export interface IndexedField {
  column: 'value_text' | 'value_num';
  isBoolean: boolean;
  /** An array field: one row per element. */
  isMulti: boolean;
}

export type Scalar = string | number | boolean;
/** Equal to a value, to any of a list, or within a range. */
export type FieldFilter = Scalar | Scalar[] | { gt?: Scalar; gte?: Scalar; lt?: Scalar; lte?: Scalar };

const MAX_TEXT = 255;
const MAX_IN_LIST = 100;
const RANGE_OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** How each indexed field of the type is stored, from the field's JSON Schema. */
export function indexedFields(type: RecordTypeInfo): Map<string, IndexedField> {
  const properties = (type.fields['properties'] ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const result = new Map<string, IndexedField>();
  for (const name of type.indexed) {
    const schema = properties[name] ?? {};
    const isMulti = primaryType(schema) === 'array';
    const valueType = isMulti ? primaryType((schema['items'] ?? {}) as Record<string, unknown>) : primaryType(schema);
    const isNumber = valueType === 'number' || valueType === 'integer';
    result.set(name, { column: isNumber ? 'value_num' : 'value_text', isBoolean: valueType === 'boolean', isMulti });
  }
  return result;
}

function primaryType(schema: Record<string, unknown>): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null');
  if (Array.isArray(schema['enum']) && schema['enum'].every((v) => typeof v === 'string')) return 'string';
  return undefined;
}

/** The rows a record's fields give. */
export function valueRowsOf(type: RecordTypeInfo, recordId: string, fields: Fields): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  for (const [field, spec] of indexedFields(type)) {
    const raw = fields[field];
    const values = spec.isMulti ? (Array.isArray(raw) ? [...new Set(raw)] : []) : [raw];
    for (const value of values) {
      const stored = storedValue(spec, value);
      if (stored !== undefined) rows.push({ record_id: recordId, type: type.id, field, value_text: null, value_num: null, [spec.column]: stored });
    }
  }
  return rows;
}

function storedValue(spec: IndexedField, value: unknown): string | number | undefined {
  if (spec.column === 'value_num') return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return Array.from(value).slice(0, MAX_TEXT).join('');
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Replaces a record's indexed values (all of them: a handful of rows). */
export async function writeValues(trx: Transaction, type: RecordTypeInfo, recordId: string, fields: Fields, isNew: boolean): Promise<void> {
  if (!isNew) await trx('record_values').where({ record_id: recordId }).delete();
  const rows = valueRowsOf(type, recordId, fields);
  if (rows.length > 0) await trx('record_values').insert(rows);
}

/**
 * Narrows `query` (records under `alias`) to records whose indexed `field` matches the filter.
 * @throws FlowdeskError INPUT_INVALID for a field that is not indexed or a value of the wrong kind.
 */
export function applyFieldFilter(query: Knex.QueryBuilder, knex: Knex, type: RecordTypeInfo, field: string, filter: unknown, alias: string): void {
  const spec = indexedFields(type).get(field);
  const pointer = `/filters/fields/${field}`;
  if (!spec) throw filterError(pointer, `"${field}" is not an indexed field of ${type.id}`);
  const values = knex('record_values').select('record_id').where({ type: type.id, field });
  if (Array.isArray(filter)) {
    if (filter.length > MAX_IN_LIST) throw filterError(pointer, `at most ${MAX_IN_LIST} values`);
    values.whereIn(spec.column, filter.map((v) => comparable(spec, v, pointer)));
  } else if (filter !== null && typeof filter === 'object') {
    const entries = Object.entries(filter);
    if (entries.length === 0) throw filterError(pointer, 'an empty range');
    for (const [operator, value] of entries) {
      if (!Object.hasOwn(RANGE_OPERATORS, operator)) throw filterError(pointer, `unknown operator "${operator}" (use gt, gte, lt, lte)`);
      values.where(spec.column, RANGE_OPERATORS[operator as keyof typeof RANGE_OPERATORS], comparable(spec, value, pointer));
    }
  } else {
    values.where(spec.column, comparable(spec, filter, pointer));
  }
  query.whereIn(`${alias}.id`, values);
}

/** A filter value as stored: numbers for number fields (numeric strings from a query string are read as numbers). */
function comparable(spec: IndexedField, value: unknown, pointer: string): string | number {
  if (spec.column === 'value_num') {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) throw filterError(pointer, 'must be a number');
    return number;
  }
  if (spec.isBoolean && (value === true || value === false || value === 'true' || value === 'false')) return String(value);
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
    return Array.from(String(value)).slice(0, MAX_TEXT).join('');
  }
  throw filterError(pointer, 'must be a string, number or boolean');
}

function filterError(pointer: string, message: string): FlowdeskError {
  return new FlowdeskError('INPUT_INVALID', `filter ${pointer.slice('/filters/'.length)}: ${message}`, { details: [{ pointer, message }] });
}

/** Joins the sort value of a scalar indexed field (NULL when the record has none) as `sort_value`. */
export function joinSortValue(query: Knex.QueryBuilder, type: RecordTypeInfo, field: string, alias: string): string {
  const spec = indexedFields(type).get(field);
  if (!spec || spec.isMulti) {
    throw new FlowdeskError('INPUT_INVALID', `cannot sort by "${field}": ${spec ? 'it holds a list' : 'it is not an indexed field'}`, { details: [{ pointer: '/sort', message: 'not a sort key' }] });
  }
  query.leftJoin({ sv: 'record_values' }, (on) => {
    on.on('sv.record_id', '=', `${alias}.id`).andOnVal('sv.field', '=', field);
  });
  return `sv.${spec.column}`;
}
