/**
 * One job-runner process for the two-worker benchmark and the jobs race test (started through
 * spawn-job-worker.ts): `node job-worker.js <database-url> <owner>`. Prints `ready` once
 * connected, waits for a line on stdin, drains every due `race.effect` job — each inserts a row
 * into `job_effects` in the transaction that completes it — then prints its totals as one JSON line.
 */
import { createInterface } from 'node:readline';
import { createJobRunner, inTransaction, openDatabase, parseDatabaseUrl, systemClock } from '../engine/index.js';

const [databaseUrl, owner] = process.argv.slice(2);
if (databaseUrl === undefined || owner === undefined) throw new Error('usage: job-worker <database-url> <owner>');

const db = openDatabase(parseDatabaseUrl(databaseUrl));
const report = (details: Record<string, unknown>, message: string) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`);
const runner = createJobRunner({
  db,
  clock: systemClock,
  owner,
  handlers: {
    'race.effect': (job, context) =>
      inTransaction(db, async (trx) => {
        await trx('job_effects').insert({ job_id: job.id, owner });
        await context.complete(trx);
      }),
  },
  log: { warn: report, error: report },
});

try {
  await db.knex.raw('select 1');
  const lines = createInterface({ input: process.stdin });
  const go = new Promise((resolve) => lines.once('line', resolve));
  process.stdout.write('ready\n');
  await go;
  lines.close();
  const cpu = process.cpuUsage();
  const totals = await runner.runUntilIdle();
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${JSON.stringify({ owner, ...totals, cpuMs: (used.user + used.system) / 1000 })}\n`);
} finally {
  await db.close();
}
