import { FlowdeskError, createManualClock, inTransaction, readAudit, type Database } from '../index.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import type { JobSpec } from './job.js';
import { claimJobs } from './job-claim.js';
import { listJobs } from './job-list.js';
import { retryJob } from './job-retry.js';
import { createJobRunner, type JobHandler, type JobLogger, type JobRunnerOptions } from './job-runner.js';
import { cancelJobs, scheduleJob } from './job-schedule.js';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const quiet: JobLogger = { warn: () => undefined, error: () => undefined };

const schedule = (db: Database, clock: { now(): Date }, spec: JobSpec) => inTransaction(db, (trx) => scheduleJob(trx, clock, spec));

async function createEffects(db: Database): Promise<void> {
  await db.knex.schema.createTable('job_effects', (table) => {
    table.string('job_id', 36).notNullable();
    table.string('owner', 200).notNullable();
  });
}

/** A handler that writes one effect row in the same transaction as the job's completion. */
const writeEffect =
  (db: Database): JobHandler =>
  (job, context) =>
    inTransaction(db, async (trx) => {
      await trx('job_effects').insert({ job_id: job.id, owner: context.owner });
      await context.complete(trx);
    });

forEachDatabase('the job runner', (database) => {
  let clock = createManualClock(T0);
  beforeEach(() => {
    clock = createManualClock(T0);
  });
  const runner = (handlers: JobRunnerOptions['handlers'], options: Partial<JobRunnerOptions> = {}) =>
    createJobRunner({ db: database().db, clock, handlers, log: quiet, ...options });

  it('runs due jobs in due order, jobs due at the same time in the order they were scheduled', async () => {
    const { db } = database();
    for (const [name, minutesAgo] of [['c', 1], ['a', 30], ['d', 1], ['b', 20]] as const) {
      await schedule(db, clock, { type: 'note', dueAt: new Date(T0.getTime() - minutesAgo * MINUTE), payload: name });
    }
    const seen: unknown[] = [];
    const totals = await runner({ note: async (job) => void seen.push(job.payload) }, { batchSize: 1 }).runUntilIdle();
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
    expect(totals).toEqual({ claimed: 4, ran: 4, failed: 0, lost: 0 });
    expect(await listJobs(db.knex)).toEqual([]);
  });

  it('does not claim a job before it is due, and runs it once it is', async () => {
    const { db } = database();
    await schedule(db, clock, { type: 'note', dueAt: new Date(T0.getTime() + MINUTE) });
    const seen: Date[] = [];
    const jobs = runner({ note: async () => void seen.push(clock.now()) });
    expect(await jobs.runDue()).toMatchObject({ claimed: 0 });
    expect(await listJobs(db.knex)).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })]);
    clock.advance(MINUTE);
    expect(await jobs.runDue()).toMatchObject({ claimed: 1, ran: 1 });
    expect(seen).toEqual([new Date(T0.getTime() + MINUTE)]);
  });

  it('fires half a year of daily timers on their days, in milliseconds, and a backlog once each after downtime', async () => {
    const { db } = database();
    for (let day = 1; day <= 180; day++) await schedule(db, clock, { type: 'process.timer', dueAt: new Date(T0.getTime() + day * DAY), payload: day });
    const fired: Array<[unknown, number]> = [];
    const jobs = runner({ 'process.timer': async (job) => void fired.push([job.payload, (clock.now().getTime() - T0.getTime()) / DAY]) });
    const started = Date.now();
    for (let day = 1; day <= 120; day++) {
      clock.advance(DAY);
      await jobs.runUntilIdle();
    }
    expect(fired).toEqual(Array.from({ length: 120 }, (_, i) => [i + 1, i + 1]));
    // Down for two months: the missed timers are ordinary due jobs, each fires once, late.
    clock.advance(60 * DAY);
    expect(await jobs.runUntilIdle()).toMatchObject({ ran: 60, failed: 0 });
    expect(fired.slice(120).map(([day]) => day)).toEqual(Array.from({ length: 60 }, (_, i) => 121 + i));
    expect(fired.slice(120).every(([, firedOn]) => firedOn === 180)).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('retries a failing job with exponential backoff, then fails it visibly until retryJob brings it back', async () => {
    const { db } = database();
    const id = (await schedule(db, clock, { type: 'outbox.send', dueAt: T0 }))!;
    let isMailServerUp = false;
    const runs: number[] = [];
    const jobs = runner({
      'outbox.send': async (job) => {
        runs.push(job.attempts);
        if (!isMailServerUp) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNREFUSED' });
      },
    });

    expect(await jobs.runDue()).toMatchObject({ claimed: 1, failed: 1 });
    expect((await listJobs(db.knex))[0]).toMatchObject({ status: 'pending', attempts: 1, dueAt: new Date(T0.getTime() + 10_000), lastError: { code: 'ECONNREFUSED' } });
    clock.advance(9_999);
    expect(await jobs.runDue()).toMatchObject({ claimed: 0 });
    clock.advance(1);
    expect(await jobs.runDue()).toMatchObject({ failed: 1 });
    clock.advance(20_000);
    expect(await jobs.runDue()).toMatchObject({ failed: 1 });

    const [failed] = await listJobs(db.knex, { status: 'failed' });
    expect(failed).toMatchObject({ id, attempts: 3, maxAttempts: 3, leaseOwner: null, lastError: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:25' } });
    clock.advance(DAY);
    expect(await jobs.runUntilIdle()).toMatchObject({ claimed: 0 });
    expect(runs).toEqual([1, 2, 3]);

    isMailServerUp = true;
    const retried = await retryJob(db, clock, id, 'cli:operator');
    expect(retried).toMatchObject({ id, status: 'pending', attempts: 0, dueAt: clock.now() });
    expect(await readAudit(db.knex, 'job', id)).toEqual([expect.objectContaining({ actor: 'cli:operator', action: 'job.retry', details: { type: 'outbox.send', lastError: failed!.lastError } })]);
    expect(await jobs.runUntilIdle()).toMatchObject({ ran: 1 });
    expect(await listJobs(db.knex)).toEqual([]);
  });

  it('retries only failed jobs: NOT_FOUND for a finished or unknown id, NOT_FAILED for a pending one', async () => {
    const { db } = database();
    const id = (await schedule(db, clock, { type: 'note', dueAt: T0 }))!;
    await expect(retryJob(db, clock, id, 'cli:operator')).rejects.toMatchObject({ code: 'JOB_NOT_FAILED' });
    await runner({ note: async () => undefined }).runUntilIdle();
    await expect(retryJob(db, clock, id, 'cli:operator')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
    expect(await readAudit(db.knex, 'job')).toEqual([]);
  });

  it("fails a job at once when no handler knows its type, and records a FlowdeskError's code or INTERNAL", async () => {
    const { db } = database();
    await schedule(db, clock, { type: 'nobody.handles.this', dueAt: T0 });
    await schedule(db, clock, { type: 'config', dueAt: T0, maxAttempts: 1 });
    await schedule(db, clock, { type: 'string', dueAt: T0, maxAttempts: 1 });
    const totals = await runner({
      config: async () => {
        throw new FlowdeskError('CONFIG_INVALID', 'SMTP_HOST is not set');
      },
      string: async () => {
        throw 'a bare string';
      },
    }).runUntilIdle();
    expect(totals).toEqual({ claimed: 3, ran: 0, failed: 3, lost: 0 });
    const failed = Object.fromEntries((await listJobs(db.knex, { status: 'failed' })).map((j) => [j.type, [j.attempts, j.lastError]]));
    expect(failed).toEqual({
      'nobody.handles.this': [1, { code: 'JOB_TYPE_UNKNOWN', message: 'No handler is registered for job type "nobody.handles.this"' }],
      config: [1, { code: 'CONFIG_INVALID', message: 'SMTP_HOST is not set' }],
      string: [1, { code: 'INTERNAL', message: 'a bare string' }],
    });
  });

  it('completes a job whose handler returned without calling complete', async () => {
    const { db } = database();
    await schedule(db, clock, { type: 'note', dueAt: T0 });
    expect(await runner({ note: async () => undefined }).runUntilIdle()).toMatchObject({ ran: 1 });
    expect(await listJobs(db.knex)).toEqual([]);
  });

  it('rolls back the effect of a runner whose lease ran out and was claimed by another: JOB_LEASE_LOST', async () => {
    const { db } = database();
    await createEffects(db);
    await schedule(db, clock, { type: 'effect', dueAt: T0 });
    let firstFinishes = async (): Promise<void> => undefined;
    let completion: unknown;
    const second = runner(
      {
        effect: async (job, context) => {
          await firstFinishes(); // while the second runner holds the job, the first one tries to finish it
          await writeEffect(db)(job, context);
        },
      },
      { owner: 'second', leaseMs: MINUTE },
    );
    const first = runner(
      {
        effect: async (job, context) => {
          firstFinishes = async () => void (completion = await writeEffect(db)(job, context).catch((error: unknown) => error));
          clock.advance(MINUTE); // the first runner stalls past its lease…
          expect(await second.runDue()).toMatchObject({ claimed: 1, ran: 1 }); // …and the second takes the job over
          throw completion;
        },
      },
      { owner: 'first', leaseMs: MINUTE },
    );
    expect(await first.runDue()).toEqual({ claimed: 1, ran: 0, failed: 0, lost: 1 });
    expect(completion).toMatchObject({ code: 'JOB_LEASE_LOST' });
    expect(await db.knex('job_effects').select('owner')).toEqual([{ owner: 'second' }]);
    expect(await listJobs(db.knex)).toEqual([]);
  });

  it("reclaims a dead runner's job once its lease expires, counting the lost run as an attempt", async () => {
    const { db } = database();
    await schedule(db, clock, { type: 'note', dueAt: T0 });
    await claimJobs(db, clock, { owner: 'dead-node', leaseMs: 5 * MINUTE, limit: 10 });
    const seen: unknown[] = [];
    const survivor = runner({ note: async (job) => void seen.push([job.attempts, job.lastError?.code]) }, { owner: 'survivor' });
    clock.advance(5 * MINUTE - 1);
    expect(await survivor.runDue()).toMatchObject({ claimed: 0 });
    expect(await listJobs(db.knex)).toEqual([expect.objectContaining({ status: 'running', leaseOwner: 'dead-node' })]);
    clock.advance(1);
    expect(await survivor.runDue()).toMatchObject({ claimed: 1, ran: 1 });
    expect(seen).toEqual([[2, 'JOB_LEASE_EXPIRED']]);
  });

  it('fails a job whose lease runs out on its last allowed attempt instead of running it again', async () => {
    const { db } = database();
    await schedule(db, clock, { type: 'note', dueAt: T0, maxAttempts: 1 });
    await claimJobs(db, clock, { owner: 'dead-node', leaseMs: MINUTE, limit: 10 });
    clock.advance(MINUTE);
    let runs = 0;
    expect(await runner({ note: async () => void runs++ }).runUntilIdle()).toMatchObject({ claimed: 0 });
    expect(runs).toBe(0);
    expect(await listJobs(db.knex, { status: 'failed' })).toEqual([expect.objectContaining({ attempts: 1, leaseOwner: null, lastError: expect.objectContaining({ code: 'JOB_LEASE_EXPIRED' }) })]);
  });

  it('makes the completion of a job cancelled while it ran lose its lease', async () => {
    const { db } = database();
    await createEffects(db);
    await schedule(db, clock, { type: 'effect', dueAt: T0, instanceId: 'instance-1' });
    const effect = writeEffect(db);
    const totals = await runner({
      effect: async (job, context) => {
        await inTransaction(db, (trx) => cancelJobs(trx, { instanceId: 'instance-1' }));
        await effect(job, context);
      },
    }).runDue();
    expect(totals).toMatchObject({ claimed: 1, lost: 1 });
    expect(await db.knex('job_effects').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('polls in the background after start() and stop() waits for the batch in hand', async () => {
    const { db } = database();
    let finish = (): void => undefined;
    const handled = new Promise<void>((resolve) => (finish = resolve));
    const jobs = runner({ note: async () => finish() }, { pollMs: 5 });
    jobs.start();
    await schedule(db, clock, { type: 'note', dueAt: T0 });
    await handled;
    await jobs.stop();
    expect(await listJobs(db.knex)).toEqual([]);
  });
});
