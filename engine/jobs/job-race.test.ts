import { fileURLToPath } from 'node:url';
import { inTransaction, systemClock } from '../index.js';
import { spawnJobWorker } from '../../bench/spawn-job-worker.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { listJobs } from './job-list.js';
import { scheduleJob } from './job-schedule.js';

const JOBS = 300;
/** The benchmark's worker, run from source. */
const WORKER = fileURLToPath(new URL('../../bench/job-worker.ts', import.meta.url));

forEachDatabase('two job-runner processes', (database) => {
  it(`run ${JOBS} due jobs between them exactly once, each effect committed with its completion`, async () => {
    const { db, url } = database();
    await db.knex.schema.createTable('job_effects', (table) => {
      table.string('job_id', 36).primary(); // a second run's effect could not commit: it would fail instead
      table.string('owner', 200).notNullable();
    });
    const ids = await inTransaction(db, async (trx) => {
      const scheduled: Array<string | null> = [];
      for (let i = 0; i < JOBS; i++) scheduled.push(await scheduleJob(trx, systemClock, { type: 'race.effect', dueAt: new Date(Date.now() - 1000) }));
      return scheduled;
    });

    const workers = ['worker-a', 'worker-b'].map((owner) => spawnJobWorker(['--import', 'tsx'], WORKER, url, owner));
    await Promise.all(workers.map((w) => w.ready));
    for (const worker of workers) worker.go();
    const reports = await Promise.all(workers.map((w) => w.report));

    const effects: Array<{ job_id: string; owner: string }> = await db.knex('job_effects').select('job_id', 'owner');
    expect(effects.map((e) => e.job_id).sort()).toEqual([...ids].sort());
    expect(await listJobs(db.knex)).toEqual([]);
    expect(reports.map((r) => [r.failed, r.lost])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(reports[0]!.ran + reports[1]!.ran).toBe(JOBS);
    for (const report of reports) {
      expect(report.ran).toBeGreaterThan(0);
      expect(effects.filter((e) => e.owner === report.owner)).toHaveLength(report.ran);
    }
    expect(workers.map((w) => w.stderr())).toEqual(['', '']);
  });
});
