/**
 * A computed field's lookup table (`x-flowdesk-computed`, engine/bundle/schema-validator.ts):
 * `{ from: [a, b], table: { <a's value>: { <b's value>: result } }, otherwise? }`, one level of the
 * table per `from` field (at most 4), edited as flat rows of keys and a result.
 */
import { FORBIDDEN_KEYS, isJsonObject, stringsOf, type JsonObject } from './form-file.js';

export type LookupResult = string | number | boolean;
export interface LookupTable {
  [key: string]: LookupResult | LookupTable;
}

export interface ComputedRule {
  from: string[];
  table: LookupTable;
  otherwise?: LookupResult;
}

export interface TableRow {
  /** One value per `from` field, as the table keys it (text). */
  keys: string[];
  result: LookupResult;
}

export const MAX_FROM = 4;
export const COMPUTED = 'x-flowdesk-computed';

const isResult = (value: unknown): value is LookupResult => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

export function computedRuleOf(schema: JsonObject): ComputedRule {
  const rule = isJsonObject(schema[COMPUTED]) ? schema[COMPUTED] : {};
  const otherwise = rule['otherwise'];
  return { from: stringsOf(rule['from']), table: isJsonObject(rule['table']) ? (rule['table'] as LookupTable) : {}, ...(isResult(otherwise) ? { otherwise } : {}) };
}

export function withComputedRule(schema: JsonObject, rule: ComputedRule): JsonObject {
  const { otherwise, ...rest } = rule;
  return { ...schema, [COMPUTED]: otherwise === undefined || otherwise === '' ? rest : rule };
}

/** The table as rows, depth-first in key order; entries at the wrong depth are left out. */
export function rowsOf(rule: ComputedRule): TableRow[] {
  const rows: TableRow[] = [];
  const walk = (node: LookupTable, keys: string[]) => {
    for (const [key, entry] of Object.entries(node)) {
      const path = [...keys, key];
      if (path.length === rule.from.length && isResult(entry)) rows.push({ keys: path, result: entry });
      else if (path.length < rule.from.length && isJsonObject(entry)) walk(entry as LookupTable, path);
    }
  };
  walk(rule.table, []);
  return rows;
}

/** Rows as a table; a later row with the same keys wins, a row keyed by a forbidden key is left out. */
export function tableOf(rows: readonly TableRow[]): LookupTable {
  const table: LookupTable = {};
  for (const { keys, result } of rows) {
    if (keys.some((key) => FORBIDDEN_KEYS.has(key))) continue;
    let node = table;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) node[key] = result;
      else node = isJsonObject(node[key]) ? (node[key] as LookupTable) : (node[key] = {});
    });
  }
  return table;
}

/** The rule computed from other fields: a table keyed by other fields cannot be kept, so it starts empty. */
export function withFrom(rule: ComputedRule, from: readonly string[]): ComputedRule {
  const same = from.length === rule.from.length && from.every((name, i) => name === rule.from[i]);
  return same ? rule : { ...rule, from: from.slice(0, MAX_FROM), table: {} };
}

/** Every combination of one value from each list, in order. */
export function combinations(lists: readonly (readonly string[])[]): string[][] {
  return lists.reduce<string[][]>((done, list) => done.flatMap((prefix) => list.map((value) => [...prefix, value])), [[]]);
}

/** The rows with a row (result `fill`) for each combination of `valueLists` the table lacks. */
export function withEveryCombination(rows: readonly TableRow[], valueLists: readonly (readonly string[])[], fill: LookupResult): TableRow[] {
  const known = new Set(rows.map((row) => JSON.stringify(row.keys)));
  const missing = combinations(valueLists).filter((keys) => !known.has(JSON.stringify(keys)));
  return [...rows, ...missing.map((keys) => ({ keys, result: fill }))];
}
