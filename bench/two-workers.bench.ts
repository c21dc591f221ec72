/**
 * Durable jobs across processes: two job-runner processes drain 1,000 due timers from one
 * MariaDB/MySQL database, each timer writing an effect row in the transaction that completes it.
 * Baseline: one process draining the same 1,000 in the same run. Rounds alternate one and two
 * processes; timing starts once every process is connected and stops at its last report.
 */
import { fileURLToPath } from 'node:url';
import { inTransaction, migrateToLatest, openDatabase, parseDatabaseUrl, scheduleJob, systemClock, type Database } from '../engine/index.js';
import { markdownTable, median, round, type Bench, type BenchResult } from './harness.js';
import { spawnJobWorker, type JobWorkerReport } from './spawn-job-worker.js';

const JOBS = 1000;
const ROUNDS = 3;
const WORKER = fileURLToPath(new URL('./job-worker.js', import.meta.url));

interface Round {
  wallMs: number;
  reports: JobWorkerReport[];
  /** Effect rows beyond one per job: a timer that fired twice. */
  duplicates: number;
  /** Jobs with no effect row, or still in the table. */
  missed: number;
}

/** Schedules JOBS due timers, lets `workers` processes drain them and counts what they did. */
async function drain(db: Database, url: string, workers: number): Promise<Round> {
  await db.knex('job_effects').delete();
  await inTransaction(db, async (trx) => {
    for (let i = 0; i < JOBS; i++) await scheduleJob(trx, systemClock, { type: 'race.effect', dueAt: new Date(Date.now() - 1000) });
  });
  const processes = Array.from({ length: workers }, (_, i) => spawnJobWorker([], WORKER, url, `worker-${i + 1}`));
  await Promise.all(processes.map((p) => p.ready));
  const start = process.hrtime.bigint();
  for (const p of processes) p.go();
  const reports = await Promise.all(processes.map((p) => p.report));
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;

  const [effects] = (await db.knex('job_effects').select(db.knex.raw('count(*) as n'), db.knex.raw('count(distinct job_id) as distinct_jobs'))) as Array<{ n: number; distinct_jobs: number }>;
  const [left] = (await db.knex('jobs').count({ n: '*' })) as Array<{ n: number }>;
  return { wallMs, reports, duplicates: Number(effects!.n) - Number(effects!.distinct_jobs), missed: JOBS - Number(effects!.distinct_jobs) + Number(left!.n) };
}

/** A scratch database on the server named by FLOWDESK_BENCH_MYSQL_URL, dropped afterwards. */
async function withScratchDatabase<T>(work: (db: Database, url: string) => Promise<T>): Promise<T> {
  const server = new URL(process.env['FLOWDESK_BENCH_MYSQL_URL'] || 'mysql://root@127.0.0.1:3306/test');
  server.pathname = '/';
  const admin = openDatabase(parseDatabaseUrl(server.toString()));
  const name = `flowdesk_bench_${process.pid}`;
  const url = new URL(server);
  url.pathname = `/${name}`;
  await admin.knex.raw('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [name]);
  const db = openDatabase(parseDatabaseUrl(url.toString()));
  try {
    await migrateToLatest(db);
    // No unique key: a timer fired twice shows up as a duplicate instead of failing.
    await db.knex.schema.createTable('job_effects', (table) => {
      table.string('job_id', 36).notNullable().index();
      table.string('owner', 200).notNullable();
    });
    return await work(db, url.toString());
  } finally {
    await db.close();
    await admin.knex.raw('DROP DATABASE IF EXISTS ??', [name]);
    await admin.close();
  }
}

/** The figures of the median round (by wall time) and the worst duplicates and misses of all. */
function summarize(rounds: Round[]): Record<string, number> {
  const wallMs = median(rounds.map((r) => r.wallMs));
  const typical = rounds.find((r) => r.wallMs === wallMs)!;
  const perWorker = Object.fromEntries(typical.reports.map((r, i) => [`worker${i + 1}Jobs`, r.ran]));
  const cpuMs = typical.reports.reduce((sum, r) => sum + r.cpuMs, 0);
  return {
    jobs: JOBS,
    wallMs: round(wallMs, 1),
    jobsPerSecond: round((JOBS / wallMs) * 1000, 1),
    ...perWorker,
    workerCpuMsPerJob: round(cpuMs / JOBS),
    duplicates: Math.max(...rounds.map((r) => r.duplicates)),
    missed: Math.max(...rounds.map((r) => r.missed)),
  };
}

export const twoWorkersBench: Bench = {
  name: 'two-workers',
  async run(): Promise<BenchResult> {
    const { one, two } = await withScratchDatabase(async (db, url) => {
      const rounds = { one: [] as Round[], two: [] as Round[] };
      for (let i = 0; i < ROUNDS; i++) {
        rounds.one.push(await drain(db, url, 1));
        rounds.two.push(await drain(db, url, 2));
      }
      return rounds;
    });
    const baseline = summarize(one);
    const figures = summarize(two);
    const row = (setup: string, f: Record<string, number>) => [
      setup,
      f['wallMs']!,
      f['jobsPerSecond']!,
      Object.keys(f).filter((k) => /^worker\dJobs$/.test(k)).map((k) => f[k]).join(' + '),
      f['workerCpuMsPerJob']!,
      f['duplicates']!,
      f['missed']!,
    ];
    return {
      name: 'two-workers',
      description: `${JOBS} due timers drained from MariaDB/MySQL by job-runner processes (batch 10 each), each timer writing an effect row in the transaction that completes it; median of ${ROUNDS} rounds; ratio = two-process jobs/s ÷ one-process jobs/s`,
      figures,
      baseline,
      ratio: round(figures['jobsPerSecond']! / baseline['jobsPerSecond']!, 2),
      table: markdownTable(['setup', 'wall ms', 'jobs/s', 'jobs per process', 'worker CPU ms/job', 'duplicates', 'missed'], [row('baseline: one process', baseline), row('two processes', figures)]),
    };
  },
};
