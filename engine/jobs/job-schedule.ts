import type { Knex } from 'knex';
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '../time/clock.js';
import { DEFAULT_MAX_ATTEMPTS, type JobRow, type JobSpec } from './job.js';

/**
 * Schedules a job inside the caller's transaction, so it commits (or rolls back) with the business
 * write that caused it. Returns the new job's id, or null when a job with the same `dedupeKey`
 * already exists.
 */
export async function scheduleJob(trx: Knex, clock: Clock, spec: JobSpec): Promise<string | null> {
  const id = uuidv7();
  const now = clock.now().toISOString();
  const row: JobRow = {
    id,
    type: spec.type,
    payload: JSON.stringify(spec.payload ?? null),
    instance_id: spec.instanceId ?? null,
    dedupe_key: spec.dedupeKey ?? null,
    status: 'pending',
    due_at: spec.dueAt.toISOString(),
    attempts: 0,
    max_attempts: spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    lease_owner: null,
    lease_expires_at: null,
    revision: 0,
    last_error_code: null,
    last_error_message: null,
    created_at: now,
    updated_at: now,
  };
  if (spec.dedupeKey === undefined) {
    await trx('jobs').insert(row);
    return id;
  }
  // On a taken key, a no-op update of the key: unlike MySQL's INSERT IGNORE (what knex's
  // .ignore() emits there) it hides no other error, such as a value too long for its column.
  await trx('jobs').insert(row).onConflict('dedupe_key').merge(['dedupe_key']);
  const inserted: unknown = await trx('jobs').where({ id }).first('id');
  return inserted === undefined ? null : id;
}

/**
 * Deletes an instance's jobs (only those of the listed types or dedupe keys, when given), whatever
 * their state: a running job's completion then fails with JOB_LEASE_LOST and rolls back its effect.
 * Returns how many were deleted.
 */
export async function cancelJobs(trx: Knex, filter: { instanceId: string; types?: readonly string[]; dedupeKeys?: readonly string[] }): Promise<number> {
  const query = trx('jobs').where({ instance_id: filter.instanceId });
  if (filter.types !== undefined) query.whereIn('type', filter.types);
  if (filter.dedupeKeys !== undefined) query.whereIn('dedupe_key', filter.dedupeKeys);
  return query.delete();
}
