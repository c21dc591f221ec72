/**
 * engine-lifecycle: start → user task → exclusive gateway → user task → end, with form validation
 * at each completion, driven through Flowdesk with durable state (SQLite, then MariaDB), against
 * raw bpmn-engine in memory on the same diagram in the same run. Reports completed instances per
 * second and CPU per instance; the ratio is Flowdesk-on-SQLite over raw bpmn-engine.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from 'bpmn-engine';
import knexFactory from 'knex';
import {
  createBundleRegistry,
  createSchemaValidator,
  loadBundleFromPath,
  migrateToLatest,
  openDatabase,
  parseDatabaseUrl,
  systemClock,
  type Database,
} from '../engine/index.js';
import { createProcessRuntime, createSafeExpressions, type ProcessRuntime, type ScriptRunner } from '../engine/process/index.js';
import { markdownTable, median, round, timed, type Bench, type BenchResult } from './harness.js';

const BUNDLE_DIR = fileURLToPath(new URL('../../engine/process/fixtures/process-bundle', import.meta.url));
const RUNS = 5;
const INSTANCES = 200;

/** The lifecycle process calls no plugin; a call would be a bug in the bench. */
const noScripts: ScriptRunner = { call: () => Promise.reject(new Error('the lifecycle process runs no scripts')) };

interface Rate {
  instancesPerSecond: number;
  cpuMsPerInstance: number;
}

async function measure(runOnce: () => Promise<void>): Promise<Rate> {
  await runOnce(); // warm-up: caches, JIT
  const rates: number[] = [];
  const cpus: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { wallMs, cpuMs } = await timed(async () => {
      for (let i = 0; i < INSTANCES; i++) await runOnce();
    });
    rates.push((INSTANCES * 1000) / wallMs);
    cpus.push(cpuMs / INSTANCES);
  }
  return { instancesPerSecond: round(median(rates), 1), cpuMsPerInstance: round(median(cpus), 3) };
}

interface WaitingApi {
  environment: { assignVariables(values: Record<string, unknown>): void };
  signal(message: unknown): void;
}

/** Raw bpmn-engine: the same diagram parsed once, each instance run in memory with two signals. */
async function rawEngine(): Promise<() => Promise<void>> {
  const source = readFileSync(join(BUNDLE_DIR, 'processes', 'lifecycle.bpmn'), 'utf8');
  const parsed = new Engine({ source });
  const [definition] = (await parsed.getDefinitions()) as unknown as Array<{ environment: { options: { source: unknown } } }>;
  const sourceContext = definition!.environment.options.source;
  // The diagram's conditions are written in Flowdesk's expression language, which bpmn-engine's own evaluator lacks.
  const expressions = createSafeExpressions();
  return async () => {
    const engine = new Engine({ sourceContext, expressions, variables: {} } as never);
    const waits: WaitingApi[] = [];
    const listener = { emit: (name: string, api: WaitingApi) => (name === 'activity.wait' && waits.push(api), true) };
    const ended = new Promise((resolve) => engine.once('end', resolve));
    await engine.execute({ listener } as never);
    for (const values of [{ decision: 'approve', reviewer: 'ivan' }, { decision: 'approve' }]) {
      const api = waits.shift();
      if (!api) throw new Error('raw bpmn-engine did not reach both user tasks');
      api.environment.assignVariables(values);
      api.signal(values);
    }
    await ended;
  };
}

async function flowdeskRuntime(db: Database): Promise<{ runtime: ProcessRuntime; runOnce: () => Promise<void> }> {
  const schemas = createSchemaValidator();
  await migrateToLatest(db);
  await createBundleRegistry({ db, clock: systemClock, schemas }).importBundles([await loadBundleFromPath(BUNDLE_DIR)], { actor: 'bench' });
  const runtime = createProcessRuntime({ db, clock: systemClock, schemas, scripts: noScripts });
  const reviewer = { id: 'rita', groups: ['reviewers'] };
  return {
    runtime,
    runOnce: async () => {
      const instance = await runtime.start({ bundle: 'process-tests', processId: 'lifecycle', actor: 'bench' });
      const [review] = await runtime.tasks.list({ instanceId: instance.id });
      await runtime.completeTask(review!.id, reviewer, { decision: 'approve', reviewer: 'ivan' });
      const [implement] = await runtime.tasks.list({ instanceId: instance.id });
      const done = await runtime.completeTask(implement!.id, { id: 'ivan' }, { decision: 'approve' });
      if (done.status !== 'completed') throw new Error(`instance ended ${done.status}`);
    },
  };
}

async function onSqlite(): Promise<Rate> {
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-bench-'));
  const db = openDatabase({ dialect: 'sqlite', location: join(dir, 'bench.sqlite') });
  try {
    return await measure((await flowdeskRuntime(db)).runOnce);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** MariaDB at FLOWDESK_BENCH_MYSQL_URL (default the local server), in a scratch database. */
async function onMariadb(): Promise<Rate | null> {
  const base = new URL(process.env['FLOWDESK_BENCH_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test');
  const name = `flowdesk_bench_${process.pid}`;
  const server = new URL(base);
  server.pathname = '/';
  const admin = knexFactory({ client: 'mysql2', connection: { uri: server.toString() } as never });
  try {
    await admin.raw('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [name]);
  } catch (error) {
    console.warn(`engine-lifecycle: MariaDB not reachable at ${server.host}, skipped (${(error as Error).message})`);
    await admin.destroy();
    return null;
  }
  const own = new URL(base);
  own.pathname = `/${name}`;
  const db = openDatabase(parseDatabaseUrl(own.toString()));
  try {
    return await measure((await flowdeskRuntime(db)).runOnce);
  } finally {
    await db.close();
    await admin.raw('DROP DATABASE IF EXISTS ??', [name]);
    await admin.destroy();
  }
}

export const engineLifecycleBench: Bench = {
  name: 'engine-lifecycle',
  async run(): Promise<BenchResult> {
    const raw = await measure(await rawEngine());
    const sqlite = await onSqlite();
    const mariadb = await onMariadb();
    const rows: Array<[string, number, number, number]> = [
      ['raw bpmn-engine, in memory (baseline)', raw.instancesPerSecond, raw.cpuMsPerInstance, 1],
      ['Flowdesk, durable on SQLite', sqlite.instancesPerSecond, sqlite.cpuMsPerInstance, sqlite.instancesPerSecond / raw.instancesPerSecond],
    ];
    if (mariadb) rows.push(['Flowdesk, durable on MariaDB', mariadb.instancesPerSecond, mariadb.cpuMsPerInstance, mariadb.instancesPerSecond / raw.instancesPerSecond]);
    return {
      name: 'engine-lifecycle',
      description: `start → user task → exclusive gateway → user task → end with form validation at each completion; completed instances/s, median of ${RUNS} runs × ${INSTANCES} instances, one at a time; ratio = Flowdesk on SQLite / raw bpmn-engine (goal ≥ 0.7)`,
      figures: {
        sqliteInstancesPerSecond: sqlite.instancesPerSecond,
        sqliteCpuMsPerInstance: sqlite.cpuMsPerInstance,
        ...(mariadb ? { mariadbInstancesPerSecond: mariadb.instancesPerSecond, mariadbCpuMsPerInstance: mariadb.cpuMsPerInstance, mariadbRatio: round(mariadb.instancesPerSecond / raw.instancesPerSecond, 2) } : {}),
      },
      baseline: { rawInstancesPerSecond: raw.instancesPerSecond, rawCpuMsPerInstance: raw.cpuMsPerInstance },
      ratio: round(sqlite.instancesPerSecond / raw.instancesPerSecond, 2),
      table: markdownTable(['driven by', 'instances/s', 'CPU ms/instance', '× baseline rate'], rows),
    };
  },
};
