/**
 * recovery: how fast a restarted node catches up. 10,000 `recovery` instances wait on a timer
 * that fell due while nothing ran; a fresh Node process (process-load-worker, cold caches) then
 * (a) fires the 10,000 due timers — each resumes its instance from the database and moves it to
 * its followUp task — and (b) a second fresh process completes followUp on each, resuming every
 * instance from the database again. SQLite file, then MariaDB when reachable.
 *
 * Seeding: starting 10,000 instances through runtime.start would take longer than the bench, so
 * SEED_REAL instances are started for real and the first is cloned in bulk: its process_instances,
 * jobs and process_history rows copied with a new instance id everywhere it occurs (engine state
 * JSON, job payload and dedupe key). Its `process.start` audit row is not cloned (nothing reads it
 * back). After each run the bench checks that the clones did exactly what the real ones did: every
 * instance completed, the same history, element by element, as a real one.
 *
 * Baseline, in the same run: the same work on raw bpmn-engine in memory — recover each instance
 * from its stored state JSON, resume (the due timer fires), store the new state as JSON; then
 * recover that, resume, signal the user task, store the final state. No database, no jobs, no
 * tasks, no history. CPU is the worker process's (the MariaDB server's own CPU is not counted).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from 'bpmn-engine';
import knexFactory from 'knex';
import { v7 as uuidv7 } from 'uuid';
import { createBundleRegistry, createSchemaValidator, inTransaction, loadBundleFromPath, migrateToLatest, openDatabase, parseDatabaseUrl, systemClock, type Database } from '../engine/index.js';
import { createProcessRuntime, createSafeExpressions, type ScriptRunner } from '../engine/process/index.js';
import { markdownTable, median, round, timed, type Bench, type BenchResult } from './harness.js';
import { spawnProcessLoadWorker, type LoadWorkerSummary } from './spawn-process-load-worker.js';

const BUNDLE_DIR = fileURLToPath(new URL('../../engine/process/fixtures/process-bundle', import.meta.url));
const WORKER = fileURLToPath(new URL('./process-load-worker.js', import.meta.url));
const SEED_REAL = 20;
/**
 * A run of 10,000 takes ~2 min on SQLite and ~2.5 min on MariaDB on a 2-core machine: to stay near
 * 5 minutes in all, MariaDB catches up fewer instances (its figures say how many). The baseline's
 * rate hardly depends on the count (measured: 402 timers/s over 2,000, 375 over 10,000), so a
 * smaller baseline flatters the baseline, not Flowdesk.
 */
const SCALE = {
  raw: { instances: 1_000, runs: 3 },
  sqlite: { instances: 10_000, runs: 2 },
  mariadb: { instances: 2_000, runs: 1 },
};
const WAIT = 'PT1S';
const CLONE_CHUNK = 200;

const noScripts: ScriptRunner = { call: () => Promise.reject(new Error('the recovery process runs no scripts')) };

interface Rate {
  perSecond: number;
  cpuMsPerOp: number;
}

interface Catchup {
  timers: Rate;
  resumes: Rate;
  instances: number;
  runs: number;
}

const rateOf = (ops: number, wallMs: number, cpuMs: number): Rate => ({ perSecond: (ops * 1000) / wallMs, cpuMsPerOp: cpuMs / ops });
const medianRate = (rates: Rate[]): Rate => ({ perSecond: round(median(rates.map((r) => r.perSecond)), 1), cpuMsPerOp: round(median(rates.map((r) => r.cpuMsPerOp)), 3) });

/* ---- Flowdesk ---- */

interface Seeded {
  real: string[];
  clones: string[];
  instances: number;
}

/** Starts SEED_REAL instances for real, clones the first up to `instances`, and waits until every timer is due. */
async function seed(db: Database, instances: number): Promise<Seeded> {
  const runtime = createProcessRuntime({ db, clock: systemClock, schemas: createSchemaValidator(), scripts: noScripts });
  const real: string[] = [];
  for (let i = 0; i < SEED_REAL; i++) real.push((await runtime.start({ bundle: 'process-tests', processId: 'recovery', variables: { wait: WAIT }, actor: 'bench' })).id);
  const clones = await cloneInstance(db, real[0]!, instances - SEED_REAL);
  const [latest] = (await db.knex('jobs').max({ at: 'due_at' })) as Array<{ at: string }>;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(latest!.at) + 10 - Date.now())));
  return { real, clones, instances };
}

/** Copies an instance's rows `count` times under new ids (see the header). */
async function cloneInstance(db: Database, templateId: string, count: number): Promise<string[]> {
  const instance = (await db.knex('process_instances').where({ id: templateId }).first()) as Record<string, unknown>;
  const jobs = (await db.knex('jobs').where({ instance_id: templateId })) as Array<Record<string, unknown>>;
  const history = (await db.knex('process_history').where({ instance_id: templateId }).orderBy('id')) as Array<Record<string, unknown>>;
  const renamed = (text: unknown, id: string) => String(text).split(templateId).join(id);
  const ids = Array.from({ length: count }, () => uuidv7());
  for (let at = 0; at < ids.length; at += CLONE_CHUNK) {
    const chunk = ids.slice(at, at + CLONE_CHUNK);
    await inTransaction(db, async (trx) => {
      // batchInsert: SQLite takes at most 500 rows in one multi-row INSERT.
      await trx.batchInsert('process_instances', chunk.map((id) => ({ ...instance, id, engine_state: renamed(instance['engine_state'], id) })), CLONE_CHUNK);
      await trx.batchInsert('jobs', chunk.flatMap((id) => jobs.map((job) => ({ ...job, id: uuidv7(), instance_id: id, payload: renamed(job['payload'], id), dedupe_key: renamed(job['dedupe_key'], id) }))), CLONE_CHUNK);
      await trx.batchInsert('process_history', chunk.flatMap((id) => history.map(({ id: _row, ...entry }) => ({ ...entry, instance_id: id }))), CLONE_CHUNK);
    });
  }
  return ids;
}

async function runWorker(url: string, mode: string): Promise<LoadWorkerSummary> {
  const worker = spawnProcessLoadWorker(['--no-node-snapshot'], WORKER, url, [mode], { owner: `bench-${mode}` });
  const summary = await worker.summary;
  if (worker.stderr() !== '') throw new Error(`recovery bench: the ${mode} worker reported problems: ${worker.stderr()}`);
  return summary;
}

async function count(db: Database, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [row] = (await db.knex(table).where(where).count({ n: '*' })) as Array<{ n: number | string }>;
  return Number(row!.n);
}

/** The history of an instance, as element:event in order. */
async function trail(db: Database, id: string): Promise<string> {
  const rows = (await db.knex('process_history').where({ instance_id: id }).orderBy('id').select('element_id', 'event')) as Array<{ element_id: string; event: string }>;
  return rows.map((r) => `${r.element_id}:${r.event}`).join(' ');
}

function check(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`recovery bench: ${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

/** The clones behaved like the real instances: each one of them, and each history, the same. */
async function checkCaughtUp(db: Database, seeded: Seeded, stage: 'fired' | 'completed'): Promise<void> {
  const { instances } = seeded;
  if (stage === 'fired') {
    check('instances at version 2', await count(db, 'process_instances', { version: 2, status: 'running' }), instances);
    check('open followUp tasks', await count(db, 'process_tasks', { element_id: 'followUp', status: 'open' }), instances);
    check('jobs left', await count(db, 'jobs'), 0);
    return;
  }
  check('completed instances', await count(db, 'process_instances', { status: 'completed' }), instances);
  const expected = await trail(db, seeded.real[1]!);
  const sample = [...seeded.real, ...seeded.clones.filter((_, i) => i % 500 === 0)];
  for (const id of sample) check(`history of ${id}`, await trail(db, id), expected);
  check('history rows', await count(db, 'process_history'), instances * expected.split(' ').length);
}

/** One run on a fresh database: seed, then two cold worker processes catch up. */
async function catchUpOnce(db: Database, url: string, instances: number): Promise<{ timers: Rate; resumes: Rate }> {
  await createBundleRegistry({ db, clock: systemClock, schemas: createSchemaValidator() }).importBundles([await loadBundleFromPath(BUNDLE_DIR)], { actor: 'bench' });
  const seeded = await seed(db, instances);
  const fired = await runWorker(url, 'drain');
  check('timers fired', [fired.ran, fired.failed, fired.lost], [instances, 0, 0]);
  await checkCaughtUp(db, seeded, 'fired');
  const completed = await runWorker(url, 'complete');
  check('followUps completed', completed.completed, instances);
  await checkCaughtUp(db, seeded, 'completed');
  return { timers: rateOf(instances, fired.wallMs, fired.cpuMs), resumes: rateOf(instances, completed.wallMs, completed.cpuMs) };
}

interface Scratch {
  db: Database;
  url: string;
  drop(): Promise<void>;
}

/** Median figures over `runs` runs, each on a fresh database; null when there is no database to run on. */
async function catchUp({ instances, runs }: { instances: number; runs: number }, fresh: () => Promise<Scratch | null>): Promise<Catchup | null> {
  const timers: Rate[] = [];
  const resumes: Rate[] = [];
  for (let run = 0; run < runs; run++) {
    const scratch = await fresh();
    if (!scratch) return null;
    try {
      await migrateToLatest(scratch.db);
      const rates = await catchUpOnce(scratch.db, scratch.url, instances);
      timers.push(rates.timers);
      resumes.push(rates.resumes);
    } finally {
      await scratch.drop();
    }
  }
  return { timers: medianRate(timers), resumes: medianRate(resumes), instances, runs };
}

function freshSqlite(): Promise<Scratch> {
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-bench-'));
  const url = `sqlite:${join(dir, 'bench.sqlite')}`;
  const db = openDatabase(parseDatabaseUrl(url));
  return Promise.resolve({ db, url, drop: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) });
}

/** A scratch database on the server at FLOWDESK_BENCH_MYSQL_URL (default the local server), or null when unreachable. */
async function freshMariadb(): Promise<Scratch | null> {
  const base = new URL(process.env['FLOWDESK_BENCH_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test');
  const server = new URL(base);
  server.pathname = '/';
  const name = `flowdesk_bench_recovery_${process.pid}`;
  const admin = knexFactory({ client: 'mysql2', connection: { uri: server.toString() } as never });
  try {
    await admin.raw('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [name]);
  } catch (error) {
    console.warn(`recovery: MariaDB not reachable at ${server.host}, skipped (${(error as Error).message})`);
    await admin.destroy();
    return null;
  }
  const own = new URL(base);
  own.pathname = `/${name}`;
  const db = openDatabase(parseDatabaseUrl(own.toString()));
  const drop = async () => {
    await db.close();
    await admin.raw('DROP DATABASE IF EXISTS ??', [name]);
    await admin.destroy();
  };
  return { db, url: own.toString(), drop };
}

/* ---- Raw bpmn-engine ---- */

interface RawExecution {
  signal(message: Record<string, unknown>): void;
}

/** The recovery diagram on raw bpmn-engine: the states it waits in, as JSON, and the two steps. */
async function rawEngine() {
  const parsed = new Engine({ source: readFileSync(join(BUNDLE_DIR, 'processes', 'recovery.bpmn'), 'utf8') });
  const [definition] = (await parsed.getDefinitions()) as unknown as Array<{ environment: { options: { source: unknown } } }>;
  const sourceContext = definition!.environment.options.source;
  const expressions = createSafeExpressions();
  const stored = async (engine: InstanceType<typeof Engine>) => {
    const state = (await engine.getState()) as { definitions: Array<Record<string, unknown>> };
    return JSON.stringify({ ...state, definitions: state.definitions.map(({ source: _source, ...rest }) => rest) });
  };
  /** Resumes a stored state; resolves with the engine once `settled` says it came to rest. */
  const resumed = async (state: string, settled: (name: string) => boolean, act: (execution: RawExecution) => void = () => undefined) => {
    const engine = new Engine({ name: 'raw', sourceContext, expressions } as never);
    let rest = (): void => undefined;
    const atRest = new Promise<void>((resolve) => (rest = resolve));
    const listener = { emit: (name: string) => (settled(name) && rest(), true) };
    engine.once('end', () => rest());
    engine.recover(JSON.parse(state) as never);
    act((await engine.resume({ listener } as never)) as unknown as RawExecution);
    await atRest;
    return engine;
  };

  // The waiting-on-timer state, as Flowdesk stores it.
  const idle = { setTimeout: () => ({}), clearTimeout: () => undefined };
  const starter = new Engine({ name: 'raw', sourceContext, expressions, timers: { ...idle, executing: [], register: () => idle } } as never);
  await starter.execute({ variables: { wait: WAIT } } as never);
  const onTimer = await stored(starter);
  await new Promise((resolve) => setTimeout(resolve, 1100)); // its timer falls due

  return {
    fireTimer: async () => stored(await resumed(onTimer, (name) => name === 'activity.wait')),
    complete: async (onFollowUp: string) => stored(await resumed(onFollowUp, () => false, (execution) => execution.signal({ id: 'followUp' }))),
  };
}

async function rawCatchup({ instances, runs }: { instances: number; runs: number }): Promise<Catchup> {
  const raw = await rawEngine();
  const timers: Rate[] = [];
  const resumes: Rate[] = [];
  for (let run = 0; run < runs; run++) {
    const fired: string[] = [];
    const a = await timed(async () => {
      for (let i = 0; i < instances; i++) fired.push(await raw.fireTimer());
    });
    const b = await timed(async () => {
      for (const state of fired) await raw.complete(state);
    });
    timers.push(rateOf(instances, a.wallMs, a.cpuMs));
    resumes.push(rateOf(instances, b.wallMs, b.cpuMs));
  }
  return { timers: medianRate(timers), resumes: medianRate(resumes), instances, runs };
}

/* ---- The result ---- */

export const recoveryBench: Bench = {
  name: 'recovery',
  async run(): Promise<BenchResult> {
    const raw = await rawCatchup(SCALE.raw);
    const sqlite = (await catchUp(SCALE.sqlite, freshSqlite))!;
    const mariadb = await catchUp(SCALE.mariadb, freshMariadb);

    const rows: Array<Array<string | number>> = [];
    const add = (label: string, c: Catchup) => {
      const work = [
        ['fire the due timers', c.timers, raw.timers],
        ['complete followUp on each (resume)', c.resumes, raw.resumes],
      ] as const;
      for (const [what, rate, base] of work) {
        rows.push([label, what, c.instances, c.runs, rate.perSecond, round(c.instances / rate.perSecond, 1), rate.cpuMsPerOp, round(rate.perSecond / base.perSecond, 3)]);
      }
    };
    add('raw bpmn-engine, in memory (baseline)', raw);
    add('Flowdesk on SQLite, cold process', sqlite);
    if (mariadb) add('Flowdesk on MariaDB, cold process', mariadb);

    const figures = (prefix: string, c: Catchup) => ({
      [`${prefix}Instances`]: c.instances,
      [`${prefix}Runs`]: c.runs,
      [`${prefix}TimersPerSecond`]: c.timers.perSecond,
      [`${prefix}CpuMsPerTimer`]: c.timers.cpuMsPerOp,
      [`${prefix}SecondsForAllTimers`]: round(c.instances / c.timers.perSecond, 1),
      [`${prefix}ResumesPerSecond`]: c.resumes.perSecond,
      [`${prefix}CpuMsPerResume`]: c.resumes.cpuMsPerOp,
      [`${prefix}SecondsForAllResumes`]: round(c.instances / c.resumes.perSecond, 1),
    });
    return {
      name: 'recovery',
      description:
        `catching up after a restart: recovery instances whose timer fell due while nothing ran (${SEED_REAL} started, the rest cloned in bulk — see bench/recovery.bench.ts), ` +
        `(a) their timers fired by a cold worker process, each instance resumed from the database and moved to its user task, (b) that task completed on each by another cold process; ` +
        `median over the runs (nearest rank: of two, the slower), wall time inside the worker from its first claim to idle (process start not counted), CPU of the worker process (not of the MariaDB server); ` +
        `baseline: the same steps on raw bpmn-engine in memory (recover from state JSON, resume, store state JSON); ratio = Flowdesk on SQLite timers/s / raw bpmn-engine timers/s`,
      figures: { ...figures('sqlite', sqlite), ...(mariadb ? figures('mariadb', mariadb) : {}), sqliteResumeRatio: round(sqlite.resumes.perSecond / raw.resumes.perSecond, 3) },
      baseline: figures('raw', raw),
      ratio: round(sqlite.timers.perSecond / raw.timers.perSecond, 3),
      table: markdownTable(['driven by', 'work', 'instances', 'runs', 'per second', 'seconds for all', 'CPU ms/op', '× baseline rate'], rows),
    };
  },
};
