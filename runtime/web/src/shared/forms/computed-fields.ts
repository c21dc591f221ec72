/**
 * Computed form fields (`x-flowdesk-computed`) in the browser: the same declarative lookup the
 * server applies (engine/process/computed-fields.ts), run on every change so the field shows its
 * value live. The server recomputes it on submit and keeps its own answer; this copy is for show.
 */
import type { RJSFSchema } from '@rjsf/utils';

type LookupValue = string | number | boolean;
interface LookupTable {
  [key: string]: LookupValue | LookupTable;
}
interface ComputedRule {
  from: string[];
  table: LookupTable;
  otherwise?: LookupValue;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isLookupValue = (value: unknown): value is LookupValue => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function rulesOf(schema: RJSFSchema): Array<{ field: string; rule: ComputedRule }> {
  const properties = isObject(schema.properties) ? (schema.properties as Record<string, unknown>) : {};
  return Object.entries(properties).flatMap(([field, property]) => {
    const rule = isObject(property) ? property['x-flowdesk-computed'] : undefined;
    return isObject(rule) && Array.isArray(rule['from']) && isObject(rule['table']) ? [{ field, rule: rule as unknown as ComputedRule }] : [];
  });
}

function lookUp(rule: ComputedRule, valueOf: (field: string) => unknown): LookupValue | undefined {
  let node: LookupValue | LookupTable = rule.table;
  for (const name of rule.from) {
    const value = valueOf(name);
    if (!isObject(node) || !isLookupValue(value) || !Object.hasOwn(node, String(value))) return rule.otherwise;
    node = node[String(value)]!;
  }
  return isLookupValue(node) ? node : rule.otherwise;
}

/**
 * `data` with each computed field set from the fields it names. A field not filled yet counts with
 * its schema default, as rjsf shows it; a computed field never feeds another.
 */
export function withComputedFields(schema: RJSFSchema, data: Record<string, unknown>): Record<string, unknown> {
  const rules = rulesOf(schema);
  if (rules.length === 0) return data;
  const computed = new Set(rules.map(({ field }) => field));
  const properties = schema.properties as Record<string, { default?: unknown }>;
  const valueOf = (field: string) => (computed.has(field) ? undefined : (data[field] ?? properties[field]?.default));
  const out: Record<string, unknown> = { ...data };
  for (const { field, rule } of rules) {
    const value = lookUp(rule, valueOf);
    if (value === undefined) delete out[field];
    else out[field] = value;
  }
  return out;
}
