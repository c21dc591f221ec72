/**
 * From a list, count or export query string to the store's RecordFilters. Lists, counts and
 * exports read their filters here and nowhere else, so an aggregate can never filter differently
 * from the list it summarizes; the scope is added by the store, in the same statement.
 */
import { FlowdeskError, type FieldFilter, type IdFilter, type RecordFilters } from '../../engine/index.js';

type QueryValue = string | string[] | undefined;
type RangeOperator = 'gt' | 'gte' | 'lt' | 'lte';

const NULLABLE_IDS = ['callerId', 'teamId', 'assigneeId'] as const;
const PLAIN = ['state', 'organizationId', 'createdBy'] as const;
const FIELD = /^field\.([A-Za-z][A-Za-z0-9_]*)(?:\.(gt|gte|lt|lte))?$/;

/** An empty value of a nullable id means "none". */
function idFilter(value: QueryValue): IdFilter | undefined {
  if (value === undefined) return undefined;
  if (value === '') return null;
  return value;
}

/**
 * The filters a validated query names (the route's schema has checked names and sizes). Field
 * values stay strings: the store reads numbers and booleans from them for number and boolean
 * fields, and refuses fields that are not indexed.
 */
export function filtersOf(query: Readonly<Record<string, unknown>>): RecordFilters {
  const filters: { -readonly [K in keyof RecordFilters]: RecordFilters[K] } = {};
  for (const name of PLAIN) {
    const value = query[name] as QueryValue;
    if (value !== undefined) filters[name] = value;
  }
  for (const name of NULLABLE_IDS) {
    const value = idFilter(query[name] as QueryValue);
    if (value !== undefined) filters[name] = value;
  }
  const fields: Record<string, FieldFilter> = {};
  const ranges: Record<string, Partial<Record<RangeOperator, string>>> = {};
  for (const [key, value] of Object.entries(query)) {
    const match = FIELD.exec(key);
    if (!match || value === undefined) continue;
    const [, field, operator] = match as unknown as [string, string, RangeOperator | undefined];
    const values = value as string | string[];
    // A repeated bound is ambiguous; the last one given counts.
    if (operator === undefined) fields[field] = values;
    else ranges[field] = { ...ranges[field], [operator]: Array.isArray(values) ? values[values.length - 1]! : values };
  }
  for (const [field, range] of Object.entries(ranges)) {
    if (Object.hasOwn(fields, field)) {
      throw new FlowdeskError('INPUT_INVALID', `field.${field}: filter by values or by a range, not both`, { details: [{ pointer: `/query/field.${field}`, message: 'values and a range' }] });
    }
    fields[field] = range;
  }
  if (Object.keys(fields).length > 0) filters.fields = fields;
  return filters;
}
