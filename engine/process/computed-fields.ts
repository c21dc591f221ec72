/**
 * Computed form fields (`x-flowdesk-computed`): a declarative lookup, never code. A field names the
 * fields it is computed `from` and a `table` nested one level per `from` field, keyed by their
 * values; a miss takes `otherwise` (or leaves the field out). The server recomputes every such
 * field from the submitted data and overwrites what the client sent, so the value cannot be forged;
 * the browser shows the same lookup live (runtime/web/src/shared/forms/computed-fields.ts).
 */

/** The keyword's shape, as engine/bundle/schema-validator.ts declares it. */
export interface ComputedRule {
  from: string[];
  table: LookupTable;
  otherwise?: LookupValue;
}

export type LookupValue = string | number | boolean;
export interface LookupTable {
  [key: string]: LookupValue | LookupTable;
}

export const COMPUTED_KEYWORD = 'x-flowdesk-computed';

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isLookupValue = (value: unknown): value is LookupValue => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** The top-level fields of a form schema that are computed, with their rules. */
export function computedRulesOf(schema: unknown): Array<{ field: string; rule: ComputedRule }> {
  if (!isObject(schema) || !isObject(schema['properties'])) return [];
  const out: Array<{ field: string; rule: ComputedRule }> = [];
  for (const [field, property] of Object.entries(schema['properties'])) {
    const rule = isObject(property) ? property[COMPUTED_KEYWORD] : undefined;
    if (isObject(rule) && Array.isArray(rule['from']) && isObject(rule['table'])) out.push({ field, rule: rule as unknown as ComputedRule });
  }
  return out;
}

/** The names of the fields a form computes (never the submitter's to set). */
export function computedFieldNames(schema: unknown): string[] {
  return computedRulesOf(schema).map(({ field }) => field);
}

/** The value `rule` gives for `data`, or undefined when the table has none and there is no `otherwise`. */
export function lookUpComputed(rule: ComputedRule, data: Readonly<Record<string, unknown>>): LookupValue | undefined {
  let node: LookupValue | LookupTable = rule.table;
  for (const name of rule.from) {
    const value = Object.hasOwn(data, name) ? data[name] : undefined;
    // Only plain values key the table: an object, a list or nothing is a miss.
    if (!isObject(node) || !isLookupValue(value)) return rule.otherwise;
    const key = String(value);
    if (!Object.hasOwn(node, key)) return rule.otherwise;
    node = node[key]!;
  }
  return isLookupValue(node) ? node : rule.otherwise;
}

/**
 * `data` with every computed field of `schema` set to its lookup (or removed when it has none),
 * whatever `data` said. Data that is not an object comes back as it is (validation refuses it).
 */
export function withComputedFields(schema: unknown, data: unknown): unknown {
  const rules = computedRulesOf(schema);
  if (rules.length === 0 || !isObject(data)) return data;
  // Lookups read the submitted fields only: a computed field never feeds another (the client's value would).
  const submitted: Record<string, unknown> = { ...data };
  for (const { field } of rules) delete submitted[field];
  const out: Record<string, unknown> = { ...submitted };
  for (const { field, rule } of rules) {
    const value = lookUpComputed(rule, submitted);
    if (value !== undefined) out[field] = value;
  }
  return out;
}
