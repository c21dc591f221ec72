/**
 * How record commands write: in the caller's transaction when one is given (a record created with
 * its process instance), else in one of their own. On MySQL their own runs READ COMMITTED, so the
 * scoped reads and index-row deletes take no gap locks for concurrent writers to deadlock on; on
 * SQLite it takes the write lock first.
 * A reference to a row that does not exist (an organization, person, team or user id) comes back
 * as REFERENCE_NOT_FOUND instead of a database error.
 */
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { Database } from '../storage/database.js';
import type { Transaction } from '../storage/transaction.js';

export async function runWrite<T>(db: Database, trx: Transaction | undefined, command: (trx: Transaction) => Promise<T>): Promise<T> {
  try {
    if (trx) return await command(trx);
    if (db.dialect === 'mysql') return await db.knex.transaction(command, { isolationLevel: 'read committed' });
    return await db.knex.transaction(async (own) => {
      await takeSqliteWriteLock(own);
      return command(own);
    });
  } catch (error) {
    throw isForeignKeyViolation(error) ? new FlowdeskError('REFERENCE_NOT_FOUND', 'the record refers to an organization, person, team or user that does not exist', { cause: error }) : error;
  }
}

/**
 * knex opens SQLite transactions deferred: a command that reads before it writes would have to
 * upgrade its read lock, which in WAL mode fails at once with SQLITE_BUSY when another process
 * (a worker, the CLI) wrote in between. A first statement that writes (and changes no row) takes
 * the write lock at the start, waiting through busy_timeout: BEGIN IMMEDIATE, in effect.
 */
async function takeSqliteWriteLock(trx: Transaction): Promise<void> {
  await trx('record_counters').whereRaw('1 = 0').update({ next_value: trx.ref('next_value') });
}

function isForeignKeyViolation(error: unknown): boolean {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === 'ER_NO_REFERENCED_ROW_2' || code === 'ER_NO_REFERENCED_ROW' || errno === 1452;
}
