/**
 * Bulk copies of a record created through the record store, for benches that need 100,000 of
 * them: creating each through the store (validation, number, search grams, history, audit, the SLA
 * clocks and their threshold jobs) runs at a few hundred a second, longer than the whole bench.
 *
 * A clone is every row the store and its observers wrote for the template, under new ids: the
 * record (next number of the type's counter, which is bumped past the clones), its indexed values,
 * its search text and grams (computed again by the engine's own functions, as they contain the
 * number), its history and `record.create` audit entry, its SLA clocks and their pending
 * `sla.threshold` jobs (the clock id renamed in the job's payload). Times stay the template's, so
 * a clone is what the store would have written at the same instant. `recordFingerprint` lets a
 * bench check that: a clone and a sibling created through the store at that instant must match.
 */
import type { Knex } from 'knex';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_RECORD_LIMITS, inTransaction, type Database, type Transaction } from '../engine/index.js';
import { formatNumber } from '../engine/records/record-numbers.js';
import { gramsOf, normalizeSearchText, searchBodyOf } from '../engine/records/search-text.js';

/** Records per transaction. */
const CHUNK = 250;
const ROWS_PER_INSERT = 500;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

type Row = Record<string, unknown>;

interface Template {
  record: Row;
  values: Row[];
  history: Row[];
  audit: Row[];
  clocks: Row[];
  jobs: Row[];
}

async function readTemplate(db: Database, recordId: string): Promise<Template> {
  const knex = db.knex;
  const record = (await knex('records').where({ id: recordId }).first()) as Row | undefined;
  if (!record) throw new Error(`record-clones: no record ${recordId}`);
  const clocks = (await knex('sla_clocks').where({ record_id: recordId })) as Row[];
  return {
    record,
    values: ((await knex('record_values').where({ record_id: recordId })) as Row[]).map(({ id: _id, ...row }) => row),
    history: (await knex('record_history').where({ record_id: recordId })) as Row[],
    audit: (await knex('audit_log').where({ target_type: 'record', target_id: recordId })) as Row[],
    clocks,
    jobs: (await knex('jobs').whereIn('instance_id', clocks.map((c) => String(c['id'])))) as Row[],
  };
}

/** Replaces every occurrence of the names' keys in a row's string values, in one pass per value. */
function renamed(row: Row, names: ReadonlyMap<string, string>, pattern: RegExp): Row {
  const out: Row = {};
  for (const [column, value] of Object.entries(row)) out[column] = typeof value === 'string' ? value.replace(pattern, (name) => names.get(name)!) : value;
  return out;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Takes `count` numbers of the prefix at once: the first seq of the range. */
async function allocateSeqs(db: Database, prefix: string, count: number): Promise<number> {
  return inTransaction(db, async (trx) => {
    const row = (await trx('record_counters').where({ prefix }).first('next_value')) as { next_value: number } | undefined;
    if (!row) throw new Error(`record-clones: the counter ${prefix} has no row (create the template through the store first)`);
    await trx('record_counters').where({ prefix }).update({ next_value: Number(row.next_value) + count });
    return Number(row.next_value) + 1;
  });
}

interface CloneRows {
  records: Row[];
  values: Row[];
  search: Row[];
  grams: Row[];
  history: Row[];
  audit: Row[];
  clocks: Row[];
  jobs: Row[];
}

function cloneOf(template: Template, seq: number, prefix: string, digits: number, into: CloneRows): void {
  const id = uuidv7();
  const number = formatNumber(prefix, digits, seq);
  const clockIds = template.clocks.map((clock) => [String(clock['id']), uuidv7()] as const);
  const names = new Map<string, string>([[String(template.record['id']), id], [String(template.record['number']), number], ...clockIds]);
  const pattern = new RegExp([...names.keys()].map(escaped).join('|'), 'g');
  const fields = JSON.parse(String(template.record['data'])) as Record<string, unknown>;
  const body = searchBodyOf({ number, fields }, DEFAULT_RECORD_LIMITS.maxSearchableChars);
  into.records.push({ ...renamed(template.record, names, pattern), seq });
  into.values.push(...template.values.map((row) => renamed(row, names, pattern)));
  into.search.push({ record_id: id, body });
  into.grams.push(...[...gramsOf(body)].map((gram) => ({ gram, record_id: id })));
  into.history.push(...template.history.map((row) => ({ ...renamed(row, names, pattern), id: uuidv7() })));
  into.audit.push(...template.audit.map((row) => ({ ...renamed(row, names, pattern), id: uuidv7() })));
  into.clocks.push(...template.clocks.map((row) => renamed(row, names, pattern)));
  into.jobs.push(...template.jobs.map((row) => ({ ...renamed(row, names, pattern), id: uuidv7() })));
}

/** Plain multi-row INSERTs: the query builder's cost for millions of rows would outweigh the inserts (as in record-search.ts). */
async function insertRows(trx: Transaction, table: string, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
    const batch = rows.slice(at, at + ROWS_PER_INSERT);
    const values = batch.flatMap((row) => columns.map((column) => row[column] ?? null));
    await trx.raw(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${batch.map(() => tuple).join(', ')}`, values as Knex.RawBinding[]);
  }
}

/**
 * Writes `count` clones of the record, CHUNK per transaction, and returns their ids. The type's
 * numbering (`prefix`, `digits`) names the counter they take their numbers from.
 */
export async function cloneRecord(db: Database, templateId: string, count: number, numbering: { prefix: string; digits: number }): Promise<string[]> {
  const template = await readTemplate(db, templateId);
  const firstSeq = await allocateSeqs(db, numbering.prefix, count);
  const ids: string[] = [];
  for (let done = 0; done < count; done += CHUNK) {
    const rows: CloneRows = { records: [], values: [], search: [], grams: [], history: [], audit: [], clocks: [], jobs: [] };
    for (let i = done; i < Math.min(count, done + CHUNK); i++) cloneOf(template, firstSeq + i, numbering.prefix, numbering.digits, rows);
    ids.push(...rows.records.map((row) => String(row['id'])));
    await inTransaction(db, async (trx) => {
      const tables: Array<[string, Row[]]> = [
        ['records', rows.records],
        ['record_values', rows.values],
        ['record_search', rows.search],
        ['record_search_grams', rows.grams],
        ['record_history', rows.history],
        ['audit_log', rows.audit],
        ['sla_clocks', rows.clocks],
        ['jobs', rows.jobs],
      ];
      for (const [table, batch] of tables) await insertRows(trx, table, batch);
    });
  }
  return ids;
}

/**
 * Every row the store and its observers keep for a record, as text, with its own ids, number and
 * sequence masked (and any other id): equal for two records written alike at the same instant.
 * The search grams are not in it (they contain the number); they must be those of the stored text.
 */
export async function recordFingerprint(db: Database, recordId: string): Promise<string> {
  const knex = db.knex;
  const record = (await knex('records').where({ id: recordId }).first()) as Row;
  const clocks = (await knex('sla_clocks').where({ record_id: recordId }).orderBy('clock_id')) as Row[];
  const number = String(record['number']);
  const [search] = (await knex('record_search').where({ record_id: recordId })) as Array<{ body: string }>;
  const grams = ((await knex('record_search_grams').where({ record_id: recordId }).pluck('gram')) as string[]).sort();
  if (JSON.stringify(grams) !== JSON.stringify([...gramsOf(search!.body)].sort())) throw new Error(`record-clones: the search grams of ${number} are not those of its text`);
  const rows = {
    record: { ...record, seq: '<seq>' },
    values: ((await knex('record_values').where({ record_id: recordId }).orderBy('field')) as Row[]).map(({ id: _id, ...row }) => row),
    search,
    history: await knex('record_history').where({ record_id: recordId }).orderBy('id'),
    audit: await knex('audit_log').where({ target_type: 'record', target_id: recordId }).orderBy('id'),
    clocks,
    jobs: await knex('jobs').whereIn('instance_id', clocks.map((c) => String(c['id']))).orderBy(['due_at', 'type']),
  };
  const names: Array<[string, string]> = [[recordId, '<record>'], [number, '<number>'], [normalizeSearchText(number), '<number>'], ...clocks.map((c): [string, string] => [String(c['id']), `<clock ${String(c['clock_id'])}>`])];
  const text = names.reduce((all, [from, to]) => all.split(from).join(to), JSON.stringify(rows));
  return text.replace(UUID, '<id>');
}
