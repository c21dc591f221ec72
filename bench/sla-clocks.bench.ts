/**
 * sla-clocks: 100,000 open cases of the SLA fixture bundle, each with its two running clocks
 * (response and resolution) and their two pending `sla.threshold` jobs, on a SQLite file and then on
 * MariaDB (FLOWDESK_BENCH_MYSQL_URL, default the local server), driven through `openRuntime` on a
 * manual clock (bench/case-runtime.ts). Seeding: SEED_REAL cases of each group created through the
 * record store (observers and all), the rest bulk clones of the first (bench/record-clones.ts),
 * checked row for row against a real sibling.
 *
 * (a) Idle: the job runner `flowdesk serve` starts (poll every second) runs IDLE_SECONDS while no
 * threshold is due, in a node process of its own (bench/idle-worker.ts); its CPU, the statements it
 * sends, and mariadbd's CPU. Baseline: the same on a database with the bundle and the people but no
 * case. Runs alternate between the two.
 * (b) Thresholds falling due together: the manual clock is set to the instant DUE cases' response
 * clocks reach 75 % (priority p1: 45 business minutes), and the runner runs until idle, in this
 * process. Each threshold, in one transaction: the clock row read and updated, an audit entry, the
 * in-app warning to the two desk agents (recipients resolved, each one's read access checked), the
 * job completed and the next threshold (100 %) scheduled. Baseline: BASELINE_DUE cases the same
 * way. Each run has its own groups of cases, started a minute apart (so no group's next threshold
 * falls due inside another's run), after an unmeasured warm-up group; the figures are medians.
 */
import { markdownTable, median, round, timed, type Bench, type BenchResult } from './harness.js';
import { MONDAY_9AM, openCaseRuntime, type CaseRuntime } from './case-runtime.js';
import { cloneRecord, recordFingerprint } from './record-clones.js';
import { scratchMariadb, scratchSqlite, type ScratchDatabase } from './bench-databases.js';
import { startIdleWorker, type IdleWorker } from './spawn-idle-worker.js';

const RECORDS = 100_000;
const DUE = 10_000;
const BASELINE_DUE = 1_000;
/** Run first, unmeasured: the code paths warm before the baseline is timed. */
const WARM_UP_DUE = 300;
const SEED_REAL = 3;
const IDLE_SECONDS = 10;
const WARM_UP_SECONDS = 2;
const MINUTE = 60_000;
/** 75 % of the p1 response goal (1 business hour). */
const FIRST_THRESHOLD_MS = 45 * MINUTE;
/** Idle at 09:30: the first threshold of any case is at 09:45. */
const IDLE_AT = new Date(MONDAY_9AM.getTime() + 30 * MINUTE);
/**
 * Runs per database. On the 2-core machine seeding takes 1–2 minutes per database and a run of
 * 10,000 thresholds 35–60 s on SQLite, 75–90 s on MariaDB: MariaDB runs them once, to keep the
 * bench near 8 minutes in all.
 */
const RUNS = { SQLite: { idle: 3, thresholds: 2 }, MariaDB: { idle: 3, thresholds: 1 } } as const;

interface Group {
  name: string;
  priority: string;
  count: number;
  /** Minutes after 09:00 its cases are created. */
  startMinute: number;
  ids: string[];
}

/**
 * A warm-up group (p1, not measured), then per run a baseline group and a measured one (p1), a
 * minute apart; the rest p2/p3, whose first threshold is at 12:00.
 */
function layout(runs: number): { warmUp: Group; due: Array<{ baseline: Group; measured: Group }>; background: Group[] } {
  const group = (name: string, priority: string, count: number, startMinute: number): Group => ({ name, priority, count, startMinute, ids: [] });
  const due = Array.from({ length: runs }, (_, run) => ({ baseline: group(`baseline ${run + 1}`, 'p1', BASELINE_DUE, 1 + 2 * run), measured: group(`due ${run + 1}`, 'p1', DUE, 2 + 2 * run) }));
  const rest = RECORDS - WARM_UP_DUE - runs * (DUE + BASELINE_DUE);
  return { warmUp: group('warm-up', 'p1', WARM_UP_DUE, 0), due, background: [group('open p2', 'p2', Math.floor(rest / 2), 0), group('open p3', 'p3', Math.ceil(rest / 2), 0)] };
}

async function count(c: CaseRuntime, table: string, where: (q: ReturnType<CaseRuntime['runtime']['db']['knex']>) => unknown = () => undefined): Promise<number> {
  const query = c.runtime.db.knex(table);
  where(query);
  const [row] = (await query.count({ n: '*' })) as Array<{ n: number | string }>;
  return Number(row!.n);
}

function check(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`sla-clocks bench: ${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

/** Creates each group's first cases through the store and clones the first; checks clones against a real sibling. */
async function seed(c: CaseRuntime, groups: Group[]): Promise<number> {
  const start = Date.now();
  const ordered = [...groups].sort((a, b) => a.startMinute - b.startMinute);
  for (const [n, group] of ordered.entries()) {
    c.clock.set(new Date(MONDAY_9AM.getTime() + group.startMinute * MINUTE));
    // Alike (same requester and text), so each is a sibling of the others and of the clones.
    const real: string[] = [];
    for (let i = 0; i < SEED_REAL; i++) real.push((await c.createCase(n, group.priority)).id);
    const clones = await cloneRecord(c.runtime.db, real[0]!, group.count - SEED_REAL, c.type.numbering);
    group.ids = [...real, ...clones];
    const expected = await recordFingerprint(c.runtime.db, real[1]!);
    for (const id of [real[2]!, clones[0]!, clones[clones.length - 1]!]) check(`the rows of case ${id} (${group.name})`, await recordFingerprint(c.runtime.db, id), expected);
  }
  check('cases', await count(c, 'records'), RECORDS);
  check('running clocks', await count(c, 'sla_clocks', (q) => q.where({ status: 'running' })), 2 * RECORDS);
  check('pending threshold jobs', await count(c, 'jobs', (q) => q.where({ status: 'pending', type: 'sla.threshold' })), 2 * RECORDS);
  return Date.now() - start;
}

interface Idle {
  cpuMsPerSecond: number;
  statementsPerSecond: number;
  databaseCpuMsPerSecond: number | null;
}

/** The serve loop in its own process for IDLE_SECONDS, nothing due; per second of it. */
async function idleOnce(worker: IdleWorker, scratch: ScratchDatabase): Promise<Idle> {
  const database = scratch.serverCpuMs?.() ?? 0;
  const report = await worker.idle(IDLE_SECONDS);
  const databaseCpuMs = scratch.serverCpuMs ? scratch.serverCpuMs() - database : null;
  check('problems logged while idle', report.problems, []);
  const perSecond = (value: number) => (value * 1000) / report.wallMs;
  return { cpuMsPerSecond: perSecond(report.cpuMs), statementsPerSecond: perSecond(report.statements), databaseCpuMsPerSecond: databaseCpuMs === null ? null : perSecond(databaseCpuMs) };
}

/** Idle runs alternating between the empty database and the full one, each in its own worker process. */
async function idleRuns(empty: ScratchDatabase, full: ScratchDatabase, runs: number): Promise<{ empty: Idle[]; full: Idle[] }> {
  const workers: IdleWorker[] = [];
  try {
    for (const scratch of [empty, full]) workers.push(await startIdleWorker(scratch.url, scratch.dir, IDLE_AT));
    for (const worker of workers) await worker.idle(WARM_UP_SECONDS);
    const idle = { empty: [] as Idle[], full: [] as Idle[] };
    for (let run = 0; run < runs; run++) {
      idle.empty.push(await idleOnce(workers[0]!, empty));
      idle.full.push(await idleOnce(workers[1]!, full));
    }
    return idle;
  } finally {
    for (const worker of workers) await worker.stop();
  }
}

interface Burst {
  thresholds: number;
  wallMs: number;
  perSecond: number;
  cpuMsPerThreshold: number;
  statementsPerThreshold: number;
  databaseCpuMsPerThreshold: number | null;
}

/** Sets the clock to the group's first threshold and runs the runner until nothing is due. */
async function burstOnce(c: CaseRuntime, scratch: ScratchDatabase, group: Group): Promise<Burst> {
  c.clock.set(new Date(MONDAY_9AM.getTime() + group.startMinute * MINUTE + FIRST_THRESHOLD_MS));
  const now = c.clock.now().toISOString();
  check(`thresholds due for ${group.name}`, await count(c, 'jobs', (q) => q.where({ status: 'pending' }).andWhere('due_at', '<=', now)), group.count);
  const audits = await count(c, 'audit_log', (q) => q.where({ action: 'sla.threshold' }));
  const warnings = await count(c, 'inbox_notifications');
  const { runner, problems } = c.jobRunner('bench-burst');
  const statements = c.queries();
  const database = scratch.serverCpuMs?.() ?? 0;
  const { value: totals, wallMs, cpuMs } = await timed(() => runner.runUntilIdle());
  const databaseCpuMs = scratch.serverCpuMs ? scratch.serverCpuMs() - database : null;
  const statementCount = c.queries() - statements;
  check(`runs of ${group.name}`, totals, { claimed: group.count, ran: group.count, failed: 0, lost: 0 });
  check('problems logged', problems, []);
  check('sla.threshold audit entries added', (await count(c, 'audit_log', (q) => q.where({ action: 'sla.threshold' }))) - audits, group.count);
  check('in-app warnings added', (await count(c, 'inbox_notifications')) - warnings, group.count * c.desk.agentUserIds.length);
  check('pending threshold jobs', await count(c, 'jobs', (q) => q.where({ status: 'pending', type: 'sla.threshold' })), 2 * RECORDS);
  const n = group.count;
  return { thresholds: n, wallMs, perSecond: (n * 1000) / wallMs, cpuMsPerThreshold: cpuMs / n, statementsPerThreshold: statementCount / n, databaseCpuMsPerThreshold: databaseCpuMs === null ? null : databaseCpuMs / n };
}

const medianOf = <T>(runs: T[], pick: (run: T) => number | null): number | null => (pick(runs[0]!) === null ? null : median(runs.map((r) => pick(r)!)));

interface DatabaseFigures {
  label: string;
  seedSeconds: number;
  idle: { empty: Idle; full: Idle; runs: number };
  bursts: { baseline: Burst; measured: Burst; runs: number };
}

function medianIdle(runs: Idle[]): Idle {
  return { cpuMsPerSecond: median(runs.map((r) => r.cpuMsPerSecond)), statementsPerSecond: median(runs.map((r) => r.statementsPerSecond)), databaseCpuMsPerSecond: medianOf(runs, (r) => r.databaseCpuMsPerSecond) };
}

function medianBurst(runs: Burst[]): Burst {
  return {
    thresholds: runs[0]!.thresholds,
    wallMs: median(runs.map((r) => r.wallMs)),
    perSecond: median(runs.map((r) => r.perSecond)),
    cpuMsPerThreshold: median(runs.map((r) => r.cpuMsPerThreshold)),
    statementsPerThreshold: median(runs.map((r) => r.statementsPerThreshold)),
    databaseCpuMsPerThreshold: medianOf(runs, (r) => r.databaseCpuMsPerThreshold),
  };
}

async function benchDatabase(fresh: () => Promise<ScratchDatabase | null>, runs: { idle: number; thresholds: number }): Promise<DatabaseFigures | null> {
  const fullScratch = await fresh();
  if (!fullScratch) return null;
  const emptyScratch = (await fresh())!;
  let full: CaseRuntime | undefined;
  try {
    await (await openCaseRuntime(emptyScratch)).close(); // the bundle and the people, no case
    full = await openCaseRuntime(fullScratch);
    const { warmUp, due, background } = layout(runs.thresholds);
    const seedMs = await seed(full, [...background, warmUp, ...due.flatMap((d) => [d.baseline, d.measured])]);

    check('jobs due while idle', await count(full, 'jobs', (q) => q.where('due_at', '<=', IDLE_AT.toISOString())), 0);
    const idle = await idleRuns(emptyScratch, fullScratch, runs.idle);

    await burstOnce(full, fullScratch, warmUp);
    const bursts = { baseline: [] as Burst[], measured: [] as Burst[] };
    for (const run of due) {
      bursts.baseline.push(await burstOnce(full, fullScratch, run.baseline));
      bursts.measured.push(await burstOnce(full, fullScratch, run.measured));
    }
    return {
      label: fullScratch.label,
      seedSeconds: round(seedMs / 1000, 1),
      idle: { empty: medianIdle(idle.empty), full: medianIdle(idle.full), runs: runs.idle },
      bursts: { baseline: medianBurst(bursts.baseline), measured: medianBurst(bursts.measured), runs: runs.thresholds },
    };
  } finally {
    await full?.close();
    await fullScratch.drop();
    await emptyScratch.drop();
  }
}

const orDash = (value: number | null, digits = 3) => (value === null ? '—' : round(value, digits));

function rowsOf(d: DatabaseFigures): Array<Array<string | number>> {
  const { empty, full } = d.idle;
  const { baseline, measured } = d.bursts;
  const idleRow = (what: string, idle: Idle, ratio: number | string) => [d.label, what, d.idle.runs, `${IDLE_SECONDS} s`, '—', round(idle.cpuMsPerSecond, 3), round(idle.statementsPerSecond, 2), orDash(idle.databaseCpuMsPerSecond), ratio];
  const burstRow = (what: string, burst: Burst, ratio: number | string) => [d.label, what, d.bursts.runs, `${round(burst.wallMs / 1000, 2)} s`, round(burst.perSecond, 1), round(burst.cpuMsPerThreshold, 3), round(burst.statementsPerThreshold, 1), orDash(burst.databaseCpuMsPerThreshold), ratio];
  return [
    idleRow('idle, no case (baseline), per second', empty, 1),
    idleRow(`idle, ${RECORDS.toLocaleString('en')} open cases, per second`, full, round(full.cpuMsPerSecond / empty.cpuMsPerSecond, 2)),
    burstRow(`${BASELINE_DUE.toLocaleString('en')} thresholds due together (baseline), per threshold`, baseline, 1),
    burstRow(`${DUE.toLocaleString('en')} thresholds due together, per threshold`, measured, round(measured.cpuMsPerThreshold / baseline.cpuMsPerThreshold, 2)),
  ];
}

function figuresOf(prefix: string, d: DatabaseFigures, side: 'measured' | 'baseline'): Record<string, number> {
  const idle = side === 'measured' ? d.idle.full : d.idle.empty;
  const burst = side === 'measured' ? d.bursts.measured : d.bursts.baseline;
  const figures: Record<string, number> = {
    [`${prefix}IdleCpuMsPerSecond`]: round(idle.cpuMsPerSecond, 3),
    [`${prefix}IdleStatementsPerSecond`]: round(idle.statementsPerSecond, 2),
    [`${prefix}Thresholds`]: burst.thresholds,
    [`${prefix}ThresholdsSeconds`]: round(burst.wallMs / 1000, 2),
    [`${prefix}ThresholdsPerSecond`]: round(burst.perSecond, 1),
    [`${prefix}CpuMsPerThreshold`]: round(burst.cpuMsPerThreshold, 3),
    [`${prefix}StatementsPerThreshold`]: round(burst.statementsPerThreshold, 1),
  };
  if (idle.databaseCpuMsPerSecond !== null) figures[`${prefix}IdleDatabaseCpuMsPerSecond`] = round(idle.databaseCpuMsPerSecond, 3);
  if (burst.databaseCpuMsPerThreshold !== null) figures[`${prefix}DatabaseCpuMsPerThreshold`] = round(burst.databaseCpuMsPerThreshold, 3);
  if (side === 'measured') figures[`${prefix}SeedSeconds`] = d.seedSeconds;
  return figures;
}

export const slaClocksBench: Bench = {
  name: 'sla-clocks',
  async run(): Promise<BenchResult> {
    const sqlite = (await benchDatabase(() => Promise.resolve(scratchSqlite()), RUNS.SQLite))!;
    const mariadb = await benchDatabase(() => scratchMariadb('sla-clocks'), RUNS.MariaDB);
    const all = [sqlite, ...(mariadb ? [mariadb] : [])];
    return {
      name: 'sla-clocks',
      description:
        `${RECORDS.toLocaleString('en')} open cases with two running SLA clocks and a pending threshold job each (${SEED_REAL} per group through the record store, the rest bulk clones checked against them; seeding took ${all.map((d) => `${d.seedSeconds} s on ${d.label}`).join(', ')}); ` +
        `(a) the serve job runner idle for ${IDLE_SECONDS} s with nothing due, against an empty database (ratio column: CPU ms/s over the empty one's); ` +
        `(b) ${DUE.toLocaleString('en')} response-clock thresholds (75 %, in-app warning to the desk) due at one instant, run until idle, against ${BASELINE_DUE.toLocaleString('en')} (ratio column: CPU ms per threshold over the baseline's); ` +
        `medians over the runs; CPU of this process (user + system) and of the local mariadbd; ratio = SQLite idle CPU with the cases / without`,
      figures: Object.assign({}, ...all.map((d) => figuresOf(d.label === 'SQLite' ? 'sqlite' : 'mariadb', d, 'measured'))) as Record<string, number>,
      baseline: Object.assign({}, ...all.map((d) => figuresOf(d.label === 'SQLite' ? 'sqlite' : 'mariadb', d, 'baseline'))) as Record<string, number>,
      ratio: round(sqlite.idle.full.cpuMsPerSecond / sqlite.idle.empty.cpuMsPerSecond, 2),
      table: markdownTable(['database', 'measure', 'runs', 'wall (median)', 'thresholds/s', 'CPU ms (per s idle / per threshold)', 'statements (per s / per threshold)', 'mariadbd CPU ms (same unit)', '× baseline (CPU)'], all.flatMap(rowsOf)),
    };
  },
};
