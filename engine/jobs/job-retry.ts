import { appendAudit } from '../audit/audit-log.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { Database } from '../storage/database.js';
import { inTransaction } from '../storage/transaction.js';
import type { Clock } from '../time/clock.js';
import { jobFromRow, type Job, type JobRow } from './job.js';

/**
 * Puts a failed job back to pending, due now, with its attempts reset; audited as `job.retry`.
 * @throws JOB_NOT_FOUND when no job has the id; JOB_NOT_FAILED when it is pending or running.
 */
export async function retryJob(db: Database, clock: Clock, id: string, actor: string): Promise<Job> {
  return inTransaction(db, async (trx) => {
    const now = clock.now().toISOString();
    // The conditional UPDATE decides, so two operators retrying at once cannot both succeed; as
    // the transaction's first statement it also takes SQLite's write lock at once (see job-claim.ts).
    const updated = await trx('jobs').where({ id, status: 'failed' }).update({ status: 'pending', due_at: now, attempts: 0, revision: trx.raw('revision + 1'), updated_at: now });
    if (updated === 0) {
      const existing: Pick<JobRow, 'status'> | undefined = await trx('jobs').where({ id }).first('status');
      if (existing === undefined) throw new FlowdeskError('JOB_NOT_FOUND', `No job has the id ${id}`);
      throw new FlowdeskError('JOB_NOT_FAILED', `Job ${id} is ${existing.status}; only failed jobs are retried`);
    }
    const job = jobFromRow((await trx('jobs').where({ id }).first()) as JobRow);
    await appendAudit(trx, clock, { actor, action: 'job.retry', targetType: 'job', targetId: id, details: { type: job.type, lastError: job.lastError } });
    return job;
  });
}
