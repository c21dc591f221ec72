import { createJobRunner, inTransaction, readAudit, scheduleJob, systemClock } from '../../engine/index.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { runCli } from '../../test/run-cli.js';

forEachDatabase('flowdesk jobs', (database) => {
  const env = () => ({ FLOWDESK_DATABASE_URL: database().url, FLOWDESK_DATA_DIR: database().dir });
  const cli = (...args: string[]) => runCli(args, env());

  /** One job that failed for good (the mail server refused) and one timer not yet due. */
  async function seed(): Promise<{ failedId: string; timerId: string }> {
    const { db } = database();
    const [failedId, timerId] = await inTransaction(db, async (trx) => [
      await scheduleJob(trx, systemClock, { type: 'outbox.send', dueAt: new Date(Date.now() - 1000), maxAttempts: 1 }),
      await scheduleJob(trx, systemClock, { type: 'process.timer', dueAt: new Date(Date.now() + 3_600_000) }),
    ]);
    const refusing = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNREFUSED' });
    };
    await createJobRunner({ db, clock: systemClock, handlers: { 'outbox.send': refusing }, log: { warn: () => undefined, error: () => undefined } }).runUntilIdle();
    return { failedId: failedId!, timerId: timerId! };
  }

  it('lists jobs in due order, only failed ones with --failed, by type with --type', async () => {
    const { failedId, timerId } = await seed();
    const all = await cli('--json', 'jobs', 'list');
    expect(all.code).toBe(0);
    expect(all.json<{ jobs: Array<{ id: string }> }>().jobs.map((j) => j.id)).toEqual([failedId, timerId]);

    const failed = await cli('--json', 'jobs', 'list', '--failed');
    expect(failed.json()).toEqual({
      jobs: [expect.objectContaining({ id: failedId, type: 'outbox.send', status: 'failed', attempts: 1, lastError: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:25' } })],
    });
    expect((await cli('jobs', 'list', '--failed')).stdout).toMatch(new RegExp(`^${failedId}  outbox\\.send  failed  attempts 1/1  due \\S+  ECONNREFUSED: connect ECONNREFUSED 127\\.0\\.0\\.1:25\\n$`));
    expect((await cli('--json', 'jobs', 'list', '--type', 'process.timer')).json<{ jobs: Array<{ id: string }> }>().jobs.map((j) => j.id)).toEqual([timerId]);
    expect((await cli('jobs', 'list', '--type', 'nothing')).stdout).toBe('no jobs\n');
  });

  it('retries a failed job, audited under the CLI user, and refuses other jobs with their codes', async () => {
    const { failedId, timerId } = await seed();
    const retried = await cli('jobs', 'retry', failedId);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toBe(`job ${failedId} (outbox.send) is pending again, due now\n`);
    expect((await cli('--json', 'jobs', 'list', '--failed')).json()).toEqual({ jobs: [] });
    expect(await readAudit(database().db.knex, 'job', failedId)).toEqual([expect.objectContaining({ action: 'job.retry', actor: expect.stringMatching(/^cli:/) })]);

    const notFailed = await cli('--json', 'jobs', 'retry', timerId);
    expect(notFailed.code).toBe(3);
    expect(notFailed.json()).toMatchObject({ error: { code: 'JOB_NOT_FAILED' } });
    const missing = await cli('jobs', 'retry', '01900000-0000-7000-8000-000000000000');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error JOB_NOT_FOUND: No job has the id 01900000-0000-7000-8000-000000000000\n');
  });

  it('answers a bad --limit with INPUT_INVALID and exit 2', async () => {
    const run = await cli('--json', 'jobs', 'list', '--limit', '0');
    expect(run.code).toBe(2);
    expect(run.json()).toMatchObject({ error: { code: 'INPUT_INVALID', message: expect.stringContaining('must be a whole number from 1 to 1000') } });
  });
});
