import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { Database } from '../storage/database.js';
import { inTransaction } from '../storage/transaction.js';
import type { Clock } from '../time/clock.js';
import type { Job } from './job.js';
import { claimJobs } from './job-claim.js';
import { completeJob, describeFailure, releaseFailedJob } from './job-finish.js';

/** What a handler gets besides the job. */
export interface JobContext {
  clock: Clock;
  /** The runner's name, as recorded in `lease_owner`. */
  owner: string;
  /**
   * Call inside the transaction that writes the job's effect: marks the job finished only if this
   * runner still holds its lease, else throws JOB_LEASE_LOST so the effect rolls back. This makes
   * the effect happen once even when a lease runs out and another runner takes the job over.
   */
  complete(trx: Knex.Transaction): Promise<void>;
}

/**
 * Runs one job. Returning without calling `complete` lets the runner complete the job afterwards
 * in its own transaction (lease-checked as well). Throwing fails the attempt.
 */
export type JobHandler = (job: Job, context: JobContext) => Promise<void>;

/** The logging a runner needs; a pino logger is one. */
export interface JobLogger {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface JobRunnerOptions {
  db: Database;
  clock: Clock;
  /** Handlers by job type. A job of another type fails at once with JOB_TYPE_UNKNOWN. */
  handlers: Readonly<Record<string, JobHandler>>;
  /** Names this runner in `lease_owner`; default host:pid:random. */
  owner?: string;
  /** How long a claim holds a job (by the injected clock); longer than the slowest handler. Default 60 s. */
  leaseMs?: number;
  /** Jobs claimed at a time, and run concurrently. Default 10. */
  batchSize?: number;
  /** Delay before the retry after the n-th attempt failed. Default 10 s × 2^(n−1), at most 1 h. */
  backoff?: (attempt: number) => number;
  /** Real (not injected) time `start()` waits when nothing was due. Default 1 s. */
  pollMs?: number;
  /** Where failures are logged; default the console. */
  log?: JobLogger;
}

export interface RunTotals {
  claimed: number;
  /** Completed. */
  ran: number;
  /** Threw (or had no handler): rescheduled with backoff, or failed for good. */
  failed: number;
  /** Lost their lease before finishing; another runner owns them now. */
  lost: number;
}

export interface JobRunner {
  readonly owner: string;
  /** Claims one batch of claimable jobs and runs it. */
  runDue(): Promise<RunTotals>;
  /** Runs batches until nothing is claimable now (by the injected clock). */
  runUntilIdle(): Promise<RunTotals>;
  /** Polls in the background until stop(): at once after a full batch, else after pollMs. */
  start(): void;
  /** Stops polling and waits for the batch in hand to finish. */
  stop(): Promise<void>;
}

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_BATCH_SIZE = 10;
const DEFAULT_POLL_MS = 1000;

/** The default backoff: 10 s after the first failed attempt, doubling each time, at most 1 h. */
export function exponentialBackoff(attempt: number): number {
  return Math.min(10_000 * 2 ** (attempt - 1), 3_600_000);
}

const consoleLog: JobLogger = {
  warn: (details, message) => console.warn(message, details),
  error: (details, message) => console.error(message, details),
};

type Outcome = 'ran' | 'failed' | 'lost';

/** A job runner: claims due jobs with a lease, runs their handlers, retries with backoff. */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, clock, handlers } = options;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const backoff = options.backoff ?? exponentialBackoff;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const log = options.log ?? consoleLog;

  async function runJob(job: Job): Promise<Outcome> {
    let isCompleted = false;
    const context: JobContext = {
      clock,
      owner,
      complete: async (trx) => {
        await completeJob(trx, job);
        isCompleted = true;
      },
    };
    try {
      const handler = Object.hasOwn(handlers, job.type) ? handlers[job.type] : undefined;
      if (handler === undefined) throw new FlowdeskError('JOB_TYPE_UNKNOWN', `No handler is registered for job type "${job.type}"`);
      await handler(job, context);
      if (!isCompleted) await inTransaction(db, (trx) => completeJob(trx, job));
      return 'ran';
    } catch (error) {
      return isLeaseLost(error) ? leaseWasLost(job) : recordFailure(job, error);
    }
  }

  async function recordFailure(job: Job, error: unknown): Promise<Outcome> {
    const failure = describeFailure(error);
    const isFinal = failure.code === 'JOB_TYPE_UNKNOWN' || job.attempts >= job.maxAttempts;
    const now = clock.now();
    const retryAt = isFinal ? null : new Date(now.getTime() + backoff(job.attempts));
    try {
      await inTransaction(db, (trx) => releaseFailedJob(trx, job, failure, retryAt, now));
    } catch (releaseError) {
      if (isLeaseLost(releaseError)) return leaseWasLost(job);
      // The job stays leased; it runs again once the lease runs out.
      log.error({ jobId: job.id, type: job.type, err: releaseError, cause: failure }, 'recording a failed job run failed');
      return 'failed';
    }
    const details = { jobId: job.id, type: job.type, attempt: job.attempts, maxAttempts: job.maxAttempts, code: failure.code, message: failure.message };
    log.warn(retryAt === null ? details : { ...details, retryAt: retryAt.toISOString() }, retryAt === null ? 'job failed' : 'job run failed; will retry');
    return 'failed';
  }

  function leaseWasLost(job: Job): Outcome {
    log.warn({ jobId: job.id, type: job.type, owner }, 'job lease lost: another runner or a cancellation took the job over');
    return 'lost';
  }

  async function runDue(): Promise<RunTotals> {
    const jobs = await claimJobs(db, clock, { owner, leaseMs, limit: batchSize });
    const outcomes = await Promise.all(jobs.map(runJob));
    const count = (outcome: Outcome) => outcomes.filter((o) => o === outcome).length;
    return { claimed: jobs.length, ran: count('ran'), failed: count('failed'), lost: count('lost') };
  }

  let polling: Promise<void> | undefined;
  let isStopping = false;
  let wake = (): void => undefined;

  async function poll(): Promise<void> {
    while (!isStopping) {
      let claimed = 0;
      try {
        claimed = (await runDue()).claimed;
      } catch (error) {
        log.error({ err: error, owner }, 'claiming jobs failed');
      }
      if (claimed < batchSize && !isStopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  return {
    owner,
    runDue,
    async runUntilIdle() {
      const totals: RunTotals = { claimed: 0, ran: 0, failed: 0, lost: 0 };
      for (;;) {
        const batch = await runDue();
        if (batch.claimed === 0) return totals;
        for (const key of Object.keys(totals) as Array<keyof RunTotals>) totals[key] += batch[key];
      }
    },
    start() {
      if (polling !== undefined) return;
      isStopping = false;
      polling = poll();
    },
    async stop() {
      isStopping = true;
      wake();
      await polling;
      polling = undefined;
    },
  };
}

function isLeaseLost(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'JOB_LEASE_LOST';
}
