import type { Knex } from 'knex';
import type { Database } from '../storage/database.js';
import type { Clock } from '../time/clock.js';
import { jobFromRow, type Job, type JobRow } from './job.js';

export interface ClaimOptions {
  owner: string;
  leaseMs: number;
  limit: number;
}

const LAPSED_LEASE_MESSAGE = 'The lease of an earlier run ran out (its runner died or outran the lease).';
const SPENT_LEASE_MESSAGE = 'The lease ran out during the last allowed attempt (its runner died or outran the lease).';

/**
 * Leases up to `limit` jobs to `owner` until now + leaseMs, in one short transaction. Claimable
 * are running jobs whose lease has expired (a dead runner's work, taken first so it never starves)
 * and pending jobs that are due, in due order. Each claim counts an attempt and bumps the revision.
 * A job whose lease expired on its last allowed attempt becomes failed instead, so a job that
 * kills its runner every time ends up visible rather than looping.
 *
 * MySQL/MariaDB: `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent claimers pass over each other's
 * rows instead of waiting, then UPDATEs by primary key of the rows it holds; READ COMMITTED, so
 * the scans take no gap locks for the claimers' UPDATEs to deadlock on. SQLite has one writer and
 * no row locks: the transaction takes the write lock before it reads (see takeSqliteWriteLock).
 */
export async function claimJobs(db: Database, clock: Clock, options: ClaimOptions): Promise<Job[]> {
  const at = clock.now();
  const now = at.toISOString();
  const lockable = (query: Knex.QueryBuilder) => (db.dialect === 'mysql' ? query.forUpdate().skipLocked() : query);

  const claim = async (trx: Knex.Transaction): Promise<Job[]> => {
    if (db.dialect === 'sqlite') await takeSqliteWriteLock(trx);
    const expired: JobRow[] = await lockable(
      trx('jobs').where({ status: 'running' }).andWhere('lease_expires_at', '<=', now).orderBy(['lease_expires_at', 'id']).limit(options.limit),
    );
    const spent = expired.filter((row) => row.attempts >= row.max_attempts);
    const lapsed = expired.filter((row) => row.attempts < row.max_attempts);
    const room = options.limit - lapsed.length;
    const due: JobRow[] = room === 0 ? [] : await lockable(trx('jobs').where({ status: 'pending' }).andWhere('due_at', '<=', now).orderBy(['due_at', 'id']).limit(room));

    const lease = { status: 'running' as const, lease_owner: options.owner, lease_expires_at: new Date(at.getTime() + options.leaseMs).toISOString(), updated_at: now };
    const relet = { ...lease, last_error_code: 'JOB_LEASE_EXPIRED', last_error_message: LAPSED_LEASE_MESSAGE };
    const failed = { status: 'failed' as const, lease_owner: null, lease_expires_at: null, last_error_code: 'JOB_LEASE_EXPIRED', last_error_message: SPENT_LEASE_MESSAGE, updated_at: now };
    const bumped = { revision: trx.raw('revision + 1') };
    const started = { ...bumped, attempts: trx.raw('attempts + 1') };
    const update = async (rows: JobRow[], values: object) => {
      if (rows.length > 0) await trx('jobs').whereIn('id', rows.map((row) => row.id)).update(values);
    };
    await update(spent, { ...failed, ...bumped });
    await update(lapsed, { ...relet, ...started });
    await update(due, { ...lease, ...started });
    const claimed = (patch: Partial<JobRow>) => (row: JobRow) => jobFromRow({ ...row, ...patch, attempts: row.attempts + 1, revision: row.revision + 1 });
    return [...lapsed.map(claimed(relet)), ...due.map(claimed(lease))];
  };
  return db.dialect === 'mysql' ? db.knex.transaction(claim, { isolationLevel: 'read committed' }) : db.knex.transaction(claim);
}

/**
 * knex opens SQLite transactions with a deferred BEGIN. Had the claim's SELECT come first, its
 * UPDATE would have to upgrade a read lock to the write lock, which in WAL mode fails at once with
 * SQLITE_BUSY — busy_timeout does not wait for it — whenever another process wrote in between.
 * A write as the first statement starts a write transaction outright, waiting through
 * busy_timeout for the lock: the semantics of BEGIN IMMEDIATE. This one changes no row.
 */
async function takeSqliteWriteLock(trx: Knex.Transaction): Promise<void> {
  await trx('jobs').whereRaw('1 = 0').update({ revision: trx.ref('revision') });
}
