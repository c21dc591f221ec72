import type { Knex } from 'knex';
import type { Database } from './database.js';

/** What a command sees: the transaction to write through. */
export type Transaction = Knex.Transaction;

/**
 * Runs one command in one transaction: everything it writes commits together or not at all.
 * Every mutating command in Flowdesk goes through here.
 */
export async function inTransaction<T>(db: Database, command: (trx: Transaction) => Promise<T>): Promise<T> {
  return db.knex.transaction(command);
}
