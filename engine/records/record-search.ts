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

/**
 * The one or two grams a search starts from when few records hold them: the rarest gram and the
 * rarest of another term (or the next rarest). Null when even the rarest is held by more than
 * `max` records (the words are common: walking the records newest first finds a page sooner) or
 * the plan has no grams. Neither database can tell on its own how common a gram is, so without
 * this a search for a rare term (an asset tag, a number) walks every record in sort order and
 * probes its grams: 20–120 ms on 100,000 records against 1–3 ms. Each gram is counted up to
 * `max + 1` (an index range, a fraction of a millisecond).
 */
export async function startingGrams(knex: Knex, plan: SearchPlan, max: number): Promise<string[] | null> {
  if (plan.grams.length === 0) return null;
  const counts = await Promise.all(plan.grams.map((gram) => countGram(knex, gram, max)));
  const byRarity = plan.grams.map((gram, i) => ({ gram, count: counts[i]!, term: plan.terms.findIndex((term) => term.includes(gram)) })).sort((a, b) => a.count - b.count);
  const first = byRarity[0]!;
  if (first.count > max) return null;
  const second = byRarity.find((g) => g.term !== first.term) ?? byRarity[1];
  return second ? [first.gram, second.gram] : [first.gram];
}

/** How many records hold the gram, counted up to one past `max`. */
async function countGram(knex: Knex, gram: string, max: number): Promise<number> {
  const capped = knex('record_search_grams').where({ gram }).limit(max + 1).select('record_id').as('capped');
  const [row] = (await knex.from(capped).count({ n: '*' })) as Array<{ n: number | string }>;
  return Number(row?.n ?? 0);
}

/**
 * Records (as `r`) reached from the records holding the starting grams. A cross join, because
 * SQLite then keeps this order (from the few gram rows to their records) whatever it guesses;
 * MySQL reads it as an inner join and orders it by its own statistics.
 */
export function recordsFromGrams(knex: Knex, grams: readonly string[]): Knex.QueryBuilder {
  const [first, second] = grams;
  const query = knex({ c: 'record_search_grams' }).crossJoin({ r: 'records' }, 'r.id', 'c.record_id').where('c.gram', first!);
  if (second !== undefined) {
    query.whereExists((sub) => sub.select(knex.raw('1')).from({ c2: 'record_search_grams' }).where('c2.gram', second).whereRaw('?? = ??', ['c2.record_id', 'c.record_id']));
  }
  return query;
}

/**
 * Narrows `query` (records under `alias`) to records whose text contains every term of the plan.
 * `joinGrams` joins every gram of the plan as an index lookup (when the query walks the records);
 * a query started from `recordsFromGrams` needs no more of them.
 */
export function applySearch(query: Knex.QueryBuilder, plan: SearchPlan, alias: string, joinGrams: boolean): void {
  if (joinGrams) {
    plan.grams.forEach((gram, i) => {
      const g = `g${i}`;
      query.join({ [g]: 'record_search_grams' }, (on) => {
        on.on(`${g}.record_id`, '=', `${alias}.id`).andOnVal(`${g}.gram`, '=', gram);
      });
    });
  }
  query.join({ s: 'record_search' }, 's.record_id', `${alias}.id`);
  for (const term of plan.terms) query.whereRaw("s.body LIKE ? ESCAPE '!'", [containsPattern(term)]);
}
