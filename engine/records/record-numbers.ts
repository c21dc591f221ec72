/**
 * Human numbers (INC-000042): one counter row per prefix, bumped inside the creating transaction.
 * The bump holds the row's lock until commit, so concurrent creates take consecutive numbers one
 * after another, and a rolled-back create gives its number back (no gaps).
 */
import type { Database } from '../storage/database.js';
import type { Transaction } from '../storage/transaction.js';

export interface NumberAllocator {
  next(trx: Transaction, prefix: string, digits: number): Promise<{ seq: number; number: string }>;
}

export function formatNumber(prefix: string, digits: number, seq: number): string {
  return `${prefix}-${String(seq).padStart(digits, '0')}`;
}

export function createNumberAllocator(db: Database): NumberAllocator {
  async function nextSqlite(trx: Transaction, prefix: string): Promise<number> {
    // One writer at a time: the upsert itself is the allocation.
    const rows = (await trx.raw('INSERT INTO record_counters (prefix, next_value) VALUES (?, 1) ON CONFLICT (prefix) DO UPDATE SET next_value = next_value + 1 RETURNING next_value', [prefix])) as Array<{ next_value: number }>;
    return Number(rows[0]!.next_value);
  }

  async function nextMysql(trx: Transaction, prefix: string): Promise<number> {
    // ON DUPLICATE KEY UPDATE takes the row's exclusive lock at once (a plain INSERT IGNORE then
    // UPDATE would hold a shared lock first, and two such transactions deadlock upgrading it);
    // nothing else runs on another connection, so a full pool cannot wait on itself.
    await trx.raw('INSERT INTO record_counters (prefix, next_value) VALUES (?, 1) ON DUPLICATE KEY UPDATE next_value = next_value + 1', [prefix]);
    const row = (await trx('record_counters').where({ prefix }).forUpdate().first('next_value')) as { next_value: number };
    return Number(row.next_value);
  }

  return {
    async next(trx, prefix, digits) {
      const seq = db.dialect === 'mysql' ? await nextMysql(trx, prefix) : await nextSqlite(trx, prefix);
      return { seq, number: formatNumber(prefix, digits, seq) };
    },
  };
}
