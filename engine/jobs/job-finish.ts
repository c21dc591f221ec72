import type { Knex } from 'knex';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import { MAX_ERROR_MESSAGE_LENGTH, type Job, type JobError } from './job.js';

/*
 * How a run ends. Both writes are conditional on the revision the job was claimed at: any later
 * claim (after the lease expired) or a cancellation changed or removed the row, and then the write
 * fails with JOB_LEASE_LOST, rolling back the transaction it is part of.
 */

/** Deletes the finished job, inside the transaction that writes its effect. */
export async function completeJob(trx: Knex, job: Job): Promise<void> {
  const deleted = await trx('jobs').where({ id: job.id, revision: job.revision }).delete();
  if (deleted === 0) throw leaseLost(job);
}

/** Releases a job whose run threw: pending again at `retryAt`, or failed for good when it is null. */
export async function releaseFailedJob(trx: Knex, job: Job, failure: JobError, retryAt: Date | null, now: Date): Promise<void> {
  const released = await trx('jobs')
    .where({ id: job.id, revision: job.revision })
    .update({
      ...(retryAt === null ? { status: 'failed' } : { status: 'pending', due_at: retryAt.toISOString() }),
      lease_owner: null,
      lease_expires_at: null,
      revision: job.revision + 1,
      last_error_code: failure.code,
      last_error_message: failure.message,
      updated_at: now.toISOString(),
    });
  if (released === 0) throw leaseLost(job);
}

/** The code and message to record for anything a handler threw. */
export function describeFailure(error: unknown): JobError {
  const field = (name: string): string | undefined => {
    const value = typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  return { code: (field('code') ?? 'INTERNAL').slice(0, 100), message: (field('message') ?? String(error)).slice(0, MAX_ERROR_MESSAGE_LENGTH) };
}

function leaseLost(job: Job): FlowdeskError {
  return new FlowdeskError('JOB_LEASE_LOST', `Job ${job.id} (${job.type}) is no longer held at revision ${job.revision}: its lease ran out and another runner claimed it, or it was cancelled`);
}
