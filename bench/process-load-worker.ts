/**
 * One runtime node for the recovery test and bench, meant to be SIGKILLed at any moment (started
 * through spawn-process-load-worker.ts): `node process-load-worker.js <database-url> <mode> …`.
 *
 * - `load <count> <wait>`: installs the fixture bundle (a no-op when it is installed), polls for
 *   due jobs, and starts `recovery` instances with `{ wait }` one after another, printing
 *   `started <id>` only once start() resolved — its transaction committed: an acknowledged start —
 *   and `ran <job-id>` as each job handler returns (a timer fired, its effect committed).
 * - `drain`: runs due jobs until none is left, waiting (up to --wait-up-to ms) for jobs due later
 *   and for leases a dead runner still holds to run out.
 * - `complete`: completes every open `followUp` task, as a cold runtime.
 *
 * Each mode ends with one JSON line of totals. Options: --owner (the lease owner), --lease-ms,
 * --wait-up-to, and the fault --hang-from <n>: from the n-th job run on (0-based) the handler
 * hangs inside its transaction, after deleting its job row, and prints `hanging <job-id>` — a
 * runner frozen mid-commit, holding its lease, waiting for its kill.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBundleRegistry, createJobRunner, createSchemaValidator, loadBundleFromPath, openDatabase, parseDatabaseUrl, systemClock, type Database, type JobHandler, type JobRunner } from '../engine/index.js';
import { createProcessRuntime, type ProcessRuntime, type ScriptRunner } from '../engine/process/index.js';

const BUNDLE_NAME = 'process-tests';
const PROCESS_ID = 'recovery';
const PAGE = 200;

const { positionals, values: options } = parseArgs({
  allowPositionals: true,
  options: {
    owner: { type: 'string' },
    'lease-ms': { type: 'string', default: '60000' },
    'wait-up-to': { type: 'string', default: '10000' },
    'hang-from': { type: 'string' },
  },
});
const [databaseUrl, mode, ...rest] = positionals;
if (databaseUrl === undefined || mode === undefined) throw new Error('usage: process-load-worker <database-url> load <count> <wait> | drain | complete [--owner o] [--lease-ms n] [--wait-up-to ms] [--hang-from n]');

/** The recovery process calls no plugin: a call would be a bug in the test. */
const noScripts: ScriptRunner = { call: () => Promise.reject(new Error('the recovery process runs no scripts')) };
const say = (line: string) => process.stdout.write(`${line}\n`);
const warn = (details: Record<string, unknown>, message: string) => process.stderr.write(`${message} ${JSON.stringify(details, errorFields)}\n`);

const db = openDatabase(parseDatabaseUrl(databaseUrl));
const schemas = createSchemaValidator();
const runtime = createProcessRuntime({ db, clock: systemClock, schemas, scripts: noScripts });
const owner = options.owner ?? `${mode}:${process.pid}`;
const runner = createJobRunner({ db, clock: systemClock, owner, leaseMs: Number(options['lease-ms']), pollMs: 50, handlers: withFault(mode === 'load' ? announced(runtime.jobHandlers) : runtime.jobHandlers), log: { warn, error: warn } });

const modes: Record<string, () => Promise<Record<string, number>>> = {
  load: () => load(Number(rest[0]), String(rest[1])),
  drain: () => drain(runner),
  complete: () => completeAll(runtime),
};

try {
  const run = Object.hasOwn(modes, mode) ? modes[mode] : undefined;
  if (run === undefined) throw new Error(`unknown mode ${mode}`);
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const totals = await run();
  const used = process.cpuUsage(cpu);
  say(JSON.stringify({ mode, owner, ...totals, wallMs: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (used.user + used.system) / 1000 }));
} finally {
  await db.close();
}

async function load(count: number, wait: string): Promise<Record<string, number>> {
  await createBundleRegistry({ db, clock: systemClock, schemas }).importBundles([await loadBundleFromPath(fixtureBundle())], { actor: 'load' });
  runner.start();
  for (let i = 0; i < count; i++) {
    const instance = await runtime.start({ bundle: BUNDLE_NAME, processId: PROCESS_ID, variables: { wait }, actor: 'load' });
    say(`started ${instance.id}`);
  }
  await runner.stop();
  return { started: count };
}

/** Runs jobs until none is left or the next one (due, or its lease running out) is too far off. */
async function drain(jobs: JobRunner): Promise<Record<string, number>> {
  const totals = { claimed: 0, ran: 0, failed: 0, lost: 0, waitedMs: 0 };
  const deadline = Date.now() + Number(options['wait-up-to']);
  for (;;) {
    const batch = await jobs.runUntilIdle();
    for (const key of ['claimed', 'ran', 'failed', 'lost'] as const) totals[key] += batch[key];
    const next = await nextClaimableAt(db);
    if (next === null || next > deadline) return { ...totals, ...(await jobsLeft(db)) };
    const pause = Math.max(0, next - Date.now()) + 20;
    totals.waitedMs += pause;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** When the earliest job left becomes claimable: pending ones when due, running ones when their lease runs out. */
async function nextClaimableAt(database: Database): Promise<number | null> {
  const [pending] = (await database.knex('jobs').where({ status: 'pending' }).min({ at: 'due_at' })) as Array<{ at: string | null }>;
  const [leased] = (await database.knex('jobs').where({ status: 'running' }).min({ at: 'lease_expires_at' })) as Array<{ at: string | null }>;
  const times = [pending?.at, leased?.at].filter((at): at is string => typeof at === 'string').map((at) => Date.parse(at));
  return times.length === 0 ? null : Math.min(...times);
}

async function jobsLeft(database: Database): Promise<Record<string, number>> {
  const rows = (await database.knex('jobs').select('status').count({ n: '*' }).groupBy('status')) as Array<{ status: string; n: number | string }>;
  const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { pendingLeft: count('pending'), runningLeft: count('running'), failedLeft: count('failed') };
}

/** Completes every open followUp task, a page at a time (a completed task leaves the open list). */
async function completeAll(processes: ProcessRuntime): Promise<Record<string, number>> {
  let completed = 0;
  for (;;) {
    const page = (await processes.tasks.list({ limit: PAGE })).filter((t) => t.elementId === 'followUp');
    if (page.length === 0) return { completed };
    for (const task of page) {
      const done = await processes.completeTask(task.id, { id: 'closer' }, {});
      if (done.status !== 'completed') throw new Error(`instance ${done.id} is ${done.status} after its followUp`);
      completed++;
    }
  }
}

function announced(handlers: Record<string, JobHandler>): Record<string, JobHandler> {
  return mapHandlers(handlers, (handler) => async (job, context) => {
    await handler(job, context);
    say(`ran ${job.id}`);
  });
}

/** The --hang-from fault: job runs from the n-th on never commit (see the header). */
function withFault(handlers: Record<string, JobHandler>): Record<string, JobHandler> {
  if (options['hang-from'] === undefined) return handlers;
  const hangFrom = Number(options['hang-from']);
  let runs = 0;
  const faulty = (handler: JobHandler): JobHandler => async (job, context) => {
    if (runs++ < hangFrom) return handler(job, context);
    return handler(job, {
      ...context,
      complete: async (trx) => {
        await context.complete(trx);
        say(`hanging ${job.id}`);
        await new Promise(() => undefined);
      },
    });
  };
  return mapHandlers(handlers, faulty);
}

function mapHandlers(handlers: Record<string, JobHandler>, wrap: (handler: JobHandler) => JobHandler): Record<string, JobHandler> {
  return Object.fromEntries(Object.entries(handlers).map(([type, handler]) => [type, wrap(handler)]));
}

/** The fixture bundle, found from the source (bench/) or the build (dist/bench/). */
function fixtureBundle(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return join(dir, 'engine', 'process', 'fixtures', 'process-bundle');
}

/** JSON.stringify drops an Error's own fields; logs want its code and message. */
function errorFields(_key: string, value: unknown): unknown {
  return value instanceof Error ? { code: (value as { code?: unknown }).code, message: value.message } : value;
}
