import { InvalidArgumentError, type Command } from 'commander';
import { listJobs, retryJob, type Job, type JobFilter } from '../../engine/index.js';
import type { CliContext } from './cli-context.js';

const MAX_LIMIT = 1000;

/** `flowdesk jobs …`: list durable jobs, retry failed ones. */
export function registerJobCommands(program: Command, context: CliContext): void {
  const jobs = program.command('jobs').description('inspect durable jobs (timers, retries, outbox) and retry failed ones');

  jobs
    .command('list')
    .description('list jobs in due order')
    .option('--failed', 'only failed jobs')
    .option('--type <type>', 'only jobs of this type')
    .option('--limit <n>', `at most this many (1–${MAX_LIMIT})`, parseLimit, 100)
    .action(async (options: { failed?: boolean; type?: string; limit: number }) => {
      await context.withRuntime(async (out, runtime) => {
        const filter: JobFilter = { limit: options.limit };
        if (options.failed) filter.status = 'failed';
        if (options.type !== undefined) filter.type = options.type;
        const found = await listJobs(runtime.db.knex, filter);
        out.result({ jobs: found }, () => (found.length === 0 ? 'no jobs' : found.map(describeJob).join('\n')));
      });
    });

  jobs
    .command('retry')
    .description('put a failed job back to pending, due now, with its attempts reset')
    .argument('<id>', 'job id')
    .action(async (id: string) => {
      await context.withRuntime(async (out, runtime) => {
        const job = await retryJob(runtime.db, runtime.clock, id, context.actor());
        out.result(job, () => `job ${job.id} (${job.type}) is pending again, due now`);
      });
    });
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_LIMIT}`);
  return limit;
}

function describeJob(job: Job): string {
  const error = job.lastError === null ? '' : `  ${job.lastError.code}: ${job.lastError.message}`;
  return `${job.id}  ${job.type}  ${job.status}  attempts ${job.attempts}/${job.maxAttempts}  due ${job.dueAt.toISOString()}${error}`;
}
