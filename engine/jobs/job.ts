/** A durable job as the engine sees it, and how it maps to its row in `jobs`. */

/** A job that finishes is deleted, so these are the only states a stored job is in. */
export type JobStatus = 'pending' | 'running' | 'failed';

/** Runs a job may start before it fails for good, unless its spec says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Longer error messages are cut to this many characters, the size of their column. */
export const MAX_ERROR_MESSAGE_LENGTH = 1000;

/** What to schedule. Lengths are those of the columns: `type` ≤ 100, `instanceId` ≤ 36, `dedupeKey` ≤ 255. */
export interface JobSpec {
  /** Which handler runs it, e.g. `process.timer`. */
  type: string;
  /** When it falls due; a time in the past makes it due at once. */
  dueAt: Date;
  /** Plain JSON handed to the handler. */
  payload?: unknown;
  /** The owning process instance, so its jobs can be cancelled together. */
  instanceId?: string;
  /** While a job with this key exists (pending, running or failed), scheduling the key again does nothing. */
  dedupeKey?: string;
  /** Runs it may start before it fails for good; default {@link DEFAULT_MAX_ATTEMPTS}. */
  maxAttempts?: number;
}

/** Why the last run failed: a FlowdeskError's code, another error's string `code`, or INTERNAL. */
export interface JobError {
  code: string;
  message: string;
}

export interface Job {
  id: string;
  type: string;
  payload: unknown;
  instanceId: string | null;
  dedupeKey: string | null;
  status: JobStatus;
  /** When the job is due: its first due time, then the time of its next retry. */
  dueAt: Date;
  /** Runs started so far: every claim counts one (retryJob resets it). */
  attempts: number;
  maxAttempts: number;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  /** Bumped by every claim and release; the revision a runner claimed at is its lease token. */
  revision: number;
  lastError: JobError | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A row of the `jobs` table as knex returns it. */
export interface JobRow {
  id: string;
  type: string;
  payload: string;
  instance_id: string | null;
  dedupe_key: string | null;
  status: JobStatus;
  due_at: string;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  revision: number;
  last_error_code: string | null;
  last_error_message: string | null;
  created_at: string;
  updated_at: string;
}

export function jobFromRow(row: JobRow): Job {
  return {
    id: row.id,
    type: row.type,
    payload: JSON.parse(row.payload) as unknown,
    instanceId: row.instance_id,
    dedupeKey: row.dedupe_key,
    status: row.status,
    dueAt: new Date(row.due_at),
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at === null ? null : new Date(row.lease_expires_at),
    revision: Number(row.revision),
    lastError: row.last_error_code === null ? null : { code: row.last_error_code, message: row.last_error_message ?? '' },
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
