/**
 * Durable jobs: the one table for timers, async continuations, plugin retries, SLA thresholds and
 * the outbox. Schedule inside the business transaction; runners claim due jobs with a lease,
 * complete them in the transaction of their effect, and retry failures with backoff until a job
 * becomes a visible failed job.
 */
export { DEFAULT_MAX_ATTEMPTS, type Job, type JobError, type JobSpec, type JobStatus } from './job.js';
export { cancelJobs, scheduleJob } from './job-schedule.js';
export { createJobRunner, exponentialBackoff, type JobContext, type JobHandler, type JobLogger, type JobRunner, type JobRunnerOptions, type RunTotals } from './job-runner.js';
export { listJobs, type JobFilter } from './job-list.js';
export { retryJob } from './job-retry.js';
