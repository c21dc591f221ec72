/**
 * The search index of records (see migration 0005 for why it is a gram table on both databases)
 * and the search query: grams joined as index lookups, every term checked as a substring of the
 * normalized text, all inside one statement that also carries the caller's scope.
 */
import type { Knex } from 'knex';
import type { Transaction } from '../storage/transaction.js';
import { containsPattern, gramsOf, type SearchPlan } from './search-text.js';

const GRAM_INSERT_ROWS = 500;

/**
 * Writes a record's searchable text and grams. For an existing record only the grams that
 * changed are deleted and inserted, each by its full primary key.
 */
export async function writeSearch(trx: Transaction, recordId: string, body: string, previousBody: string | null): Promise<void> {
  const grams = gramsOf(body);
  if (previousBody === null) {
    await trx('record_search').insert({ record_id: recordId, body });
    await insertGrams(trx, recordId, [...grams]);
    return;
  }
  if (previousBody === body) return;
  await trx('record_search').where({ record_id: recordId }).update({ body });
  const before = gramsOf(previousBody);
  const removed = [...before].filter((g) => !grams.has(g));
  const added = [...grams].filter((g) => !before.has(g));
  for (let i = 0; i < removed.length; i += GRAM_INSERT_ROWS) {
    await trx('record_search_grams').where({ record_id: recordId }).whereIn('gram', removed.slice(i, i + GRAM_INSERT_ROWS)).delete();
  }
  await insertGrams(trx, recordId, added);
}

/** Plain parameterized SQL: the query builder's cost for hundreds of two-column rows outweighs the insert itself. */
async function insertGrams(trx: Transaction, recordId: string, grams: string[]): Promise<void> {
  for (let i = 0; i < grams.length; i += GRAM_INSERT_ROWS) {
    const batch = grams.slice(i, i + GRAM_INSERT_ROWS);
    await trx.raw(`INSERT INTO record_search_grams (gram, record_id) VALUES ${batch.map(() => '(?, ?)').join(', ')}`, batch.flatMap((gram) => [gram, recordId]));
  }
}

/** Rewrites the search rows of a record from scratch (reindexing). */
export async function rewriteSearch(trx: Transaction, recordId: string, body: string): Promise<void> {
  await trx('record_search_grams').where({ record_id: recordId }).delete();
  await trx('record_search').where({ record_id: recordId }).delete();
  await writeSearch(trx, recordId, body, null);
}

/** Narrows `query` (records under `alias`) to records whose text contains every term of the plan. */
export function applySearch(query: Knex.QueryBuilder, plan: SearchPlan, alias: string): void {
  plan.grams.forEach((gram, i) => {
    const g = `g${i}`;
    query.join({ [g]: 'record_search_grams' }, (on) => {
      on.on(`${g}.record_id`, '=', `${alias}.id`).andOnVal(`${g}.gram`, '=', gram);
    });
  });
  query.join({ s: 'record_search' }, 's.record_id', `${alias}.id`);
  for (const term of plan.terms) query.whereRaw("s.body LIKE ? ESCAPE '!'", [containsPattern(term)]);
}
