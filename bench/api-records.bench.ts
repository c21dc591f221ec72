/**
 * api-records: the record API under load, over HTTP, on a realistic amount of data. The real
 * server (`flowdesk serve`, its own Node process) on a SQLite file, then on a scratch MariaDB
 * database, each holding FLOWDESK_BENCH_RECORDS tickets (default 100,000) of the access fixture
 * bundle's `ticket` type, English and Chinese (bench/api-records-sample.ts), spread over 20
 * organizations, half of them open. autocannon in the bench process, CONNECTIONS connections,
 * an administrator's API token:
 * - create: POST /api/v1/records/ticket into the full table, bodies in turn over the organizations;
 * - list: GET /api/v1/records/ticket?organizationId=…&state=new&state=assigned&limit=50, the first
 *   page of one organization's open tickets, the organizations in turn;
 * - get: GET /api/v1/records/ticket/<id>, ids in a shuffled order over every ticket;
 * - search: GET /api/v1/search?q=…, common words in each language, two words, rare terms (an
 *   asset tag, a ticket number), over every type the caller may read, as the search box asks.
 * Baseline, in the same run under the same load: GET /healthz (the HTTP stack, no database, no
 * authentication); GET /api/v1/auth/me (the token looked up, the caller resolved) is shown too.
 * With CONNECTIONS connections always waiting, the server is saturated and a request's latency is
 * mostly its wait behind the others; list and get are also run with one connection, for the time
 * of a request that waits for nothing. The load generator shares the machine with the server.
 *
 * The tickets are written before the server takes load, by the record store's own create in the
 * bench process (bench/api-records-seed.ts): HTTP creates would take longer than the bench.
 * Each phase: a warm-up, then RUNS runs (read phases round-robin, so machine noise spreads over
 * all of them); the figures are medians over the runs. Latencies are of the 2xx answers (every
 * answer must be 2xx); CPU is the server process's (user + system from /proc) and, on MariaDB
 * when it runs on this machine, the mariadbd process's, each divided by the requests answered.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory from 'knex';
import { openDatabase, parseDatabaseUrl, type Database } from '../engine/index.js';
import { CONNECTIONS, medianPhase, runPhase, type PhaseRequest, type PhaseResult } from './api-records-load.js';
import { assetTagOf, sampleTicket, searchQueries, seededRandom } from './api-records-sample.js';
import { fillTickets, seedIdentity, type Identity } from './api-records-seed.js';
import { processCpuMs, startBenchServer, type BenchServer } from './api-records-server.js';
import { markdownTable, round, type Bench, type BenchResult } from './harness.js';

const BUNDLE_DIR = fileURLToPath(new URL('../../runtime/access/fixtures/access-bundle', import.meta.url));
/** Fewer, and some organization would have less than a page of open tickets. */
const MIN_RECORDS = 5000;
const RUNS = 3;
const READ_SECONDS = 10;
const CREATE_SECONDS = 6;
const WARMUP_SECONDS = 3;
const ALONE_SECONDS = 3;
const PASSWORD = 'api-records bench administrator';
const API = '/api/v1';

interface Scratch {
  label: string;
  url: string;
  /** The database server's CPU, when it is a process on this machine. */
  cpuMs?: () => number;
  drop(): Promise<void>;
}

function freshSqlite(): Promise<Scratch> {
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-bench-api-'));
  return Promise.resolve({ label: 'SQLite', url: `sqlite:${join(dir, 'bench.sqlite')}`, drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) });
}

/** The local mariadbd (or mysqld) process, if this machine runs it and lets us read its CPU time. */
function localDatabaseServer(host: string): number | null {
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) return null;
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const name = (() => {
      try {
        return readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      } catch {
        return '';
      }
    })();
    if (name === 'mariadbd' || name === 'mysqld') return Number(entry);
  }
  return null;
}

/** A scratch database on the server at FLOWDESK_BENCH_MYSQL_URL (default the local server), or null when unreachable. */
async function freshMariadb(): Promise<Scratch | null> {
  const base = new URL(process.env['FLOWDESK_BENCH_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test');
  const server = new URL(base);
  server.pathname = '/';
  const name = `flowdesk_bench_api_${process.pid}`;
  const admin = knexFactory({ client: 'mysql2', connection: { uri: server.toString() } as never });
  try {
    await admin.raw('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [name]);
  } catch (error) {
    console.warn(`api-records: MariaDB not reachable at ${server.host}, skipped (${(error as Error).message})`);
    await admin.destroy();
    return null;
  }
  const own = new URL(base);
  own.pathname = `/${name}`;
  const pid = localDatabaseServer(base.hostname);
  return {
    label: 'MariaDB',
    url: own.toString(),
    ...(pid !== null ? { cpuMs: () => processCpuMs(pid) } : {}),
    drop: async () => {
      await admin.raw('DROP DATABASE IF EXISTS ??', [name]);
      await admin.destroy();
    },
  };
}

/** Logs in as the first administrator and makes an API token for the load. */
async function apiToken(url: string): Promise<string> {
  const login = await fetch(`${url}${API}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: PASSWORD }) });
  if (!login.ok) throw new Error(`api-records bench: login failed (${login.status}): ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const made = await fetch(`${url}${API}/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'bench', scopes: ['read', 'create'] }) });
  if (!made.ok) throw new Error(`api-records bench: making the API token failed (${made.status}): ${await made.text()}`);
  return `Bearer ${((await made.json()) as { secret: string }).secret}`;
}

function shuffled<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function createRequests(identity: Identity): PhaseRequest[] {
  const random = seededRandom(7);
  return Array.from({ length: 2000 }, (_, i) => {
    const organizationId = identity.organizationIds[i % identity.organizationIds.length]!;
    const persons = identity.personsOf.get(organizationId)!;
    const body = { fields: sampleTicket(random), organizationId, callerId: persons[i % persons.length]! };
    return { method: 'POST' as const, path: `${API}/records/ticket`, body: JSON.stringify(body) };
  });
}

type ReadPhase = 'healthz' | 'me' | 'list' | 'get' | 'search';

async function readRequests(db: Database, identity: Identity): Promise<Record<ReadPhase, PhaseRequest[]>> {
  const rows = (await db.knex('records').select('id', 'number', 'data')) as Array<{ id: string; number: string; data: string }>;
  const random = seededRandom(11);
  const picked = shuffled([...rows], random);
  const tags = picked.slice(0, 50).map((row) => assetTagOf((JSON.parse(row.data) as { details: string }).details)).filter((tag): tag is string => tag !== null);
  return {
    healthz: [{ path: '/healthz' }],
    me: [{ path: `${API}/auth/me` }],
    list: identity.organizationIds.map((id) => ({ path: `${API}/records/ticket?organizationId=${id}&state=new&state=assigned&limit=50` })),
    get: picked.slice(0, 20_000).map((row) => ({ path: `${API}/records/ticket/${row.id}` })),
    search: searchQueries(picked.slice(100, 102).map((row) => row.number), tags).map((q) => ({ path: `${API}/search?q=${encodeURIComponent(q)}` })),
  };
}

/** Each kind of request answers what it should before it is timed: a fast wrong answer is no result. */
async function checkAnswers(url: string, authorization: string, reads: Record<ReadPhase, PhaseRequest[]>): Promise<void> {
  const get = async (path: string) => {
    const answer = await fetch(`${url}${path}`, { headers: { authorization } });
    if (!answer.ok) throw new Error(`api-records bench: GET ${path} answered ${answer.status}: ${await answer.text()}`);
    return (await answer.json()) as { items?: Array<{ organizationId: string; state: string }>; id?: string };
  };
  const list = await get(reads.list[0]!.path);
  const organization = new URLSearchParams(reads.list[0]!.path.split('?')[1]).get('organizationId');
  if (list.items?.length !== 50 || list.items.some((item) => item.organizationId !== organization || !['new', 'assigned'].includes(item.state))) {
    throw new Error('api-records bench: the list did not answer a full page of the organization’s open tickets');
  }
  if (!(await get(reads.get[0]!.path)).id) throw new Error('api-records bench: get answered no record');
  for (const { path } of reads.search) {
    if (!(await get(path)).items?.length) throw new Error(`api-records bench: ${decodeURIComponent(path)} found nothing`);
  }
}

interface DatabaseFigures {
  label: string;
  records: number;
  fillPerSecond: number;
  create: PhaseResult;
  reads: Record<ReadPhase, PhaseResult>;
  /** List and get with one connection: the time of a request that waits behind no other. */
  alone: Record<'list' | 'get', PhaseResult>;
}

async function benchDatabase(scratch: Scratch, records: number): Promise<DatabaseFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-bench-api-server-'));
  cpSync(BUNDLE_DIR, join(dir, 'definitions', 'access-bundle'), { recursive: true });
  let server: BenchServer | undefined;
  const db = openDatabase(parseDatabaseUrl(scratch.url));
  try {
    server = await startBenchServer({ databaseUrl: scratch.url, dataDir: join(dir, 'data'), definitionsDir: join(dir, 'definitions'), adminPassword: PASSWORD });
    const identity = await seedIdentity(db);
    const fill = await fillTickets(db, identity, records, 1);
    const authorization = await apiToken(server.url);
    const load = (requests: readonly PhaseRequest[], seconds: number, connections = CONNECTIONS) =>
      runPhase({ url: server!.url, authorization, requests, seconds, connections, serverCpuMs: server!.cpuMs, databaseCpuMs: scratch.cpuMs });

    const creates = createRequests(identity);
    await load(creates, WARMUP_SECONDS);
    const createRuns: PhaseResult[] = [];
    for (let run = 0; run < RUNS; run++) createRuns.push(await load(creates, CREATE_SECONDS));

    const reads = await readRequests(db, identity);
    await checkAnswers(server.url, authorization, reads);
    const phases = Object.keys(reads) as ReadPhase[];
    for (const phase of phases) await load(reads[phase], WARMUP_SECONDS);
    const readRuns = new Map<ReadPhase, PhaseResult[]>(phases.map((phase) => [phase, []]));
    for (let run = 0; run < RUNS; run++) {
      for (const phase of phases) readRuns.get(phase)!.push(await load(reads[phase], READ_SECONDS));
    }
    const aloneRuns = { list: [] as PhaseResult[], get: [] as PhaseResult[] };
    for (let run = 0; run < RUNS; run++) {
      for (const phase of ['list', 'get'] as const) aloneRuns[phase].push(await load(reads[phase], ALONE_SECONDS, 1));
    }
    if (server.stderr() !== '') console.warn(`api-records: the server on ${scratch.label} wrote to stderr: ${server.stderr().slice(0, 2000)}`);
    const [counted] = (await db.knex('records').count({ n: '*' })) as Array<{ n: number | string }>;
    return {
      label: scratch.label,
      records: Number(counted!.n),
      fillPerSecond: round((fill.records * 1000) / fill.wallMs, 1),
      create: medianPhase(createRuns),
      reads: Object.fromEntries(phases.map((phase) => [phase, medianPhase(readRuns.get(phase)!)])) as Record<ReadPhase, PhaseResult>,
      alone: { list: medianPhase(aloneRuns.list), get: medianPhase(aloneRuns.get) },
    };
  } finally {
    await server?.stop();
    await db.close();
    await scratch.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each row: the phase, its label, and whether it ran under the same load as the baseline (then its ratios mean something). */
const PHASE_LABELS: ReadonlyArray<readonly [(d: DatabaseFigures) => PhaseResult, string, boolean?]> = [
  [(d) => d.reads.healthz, 'baseline: GET /healthz'],
  [(d) => d.reads.me, 'GET /auth/me (token lookup, caller)'],
  [(d) => d.create, 'create a ticket'],
  [(d) => d.reads.list, 'list one organization’s open tickets, first page of 50'],
  [(d) => d.reads.get, 'get a ticket by id'],
  [(d) => d.reads.search, 'full-text search (English, Chinese)'],
  [(d) => d.alone.list, 'list, 1 connection', false],
  [(d) => d.alone.get, 'get, 1 connection', false],
];

function rowsOf(d: DatabaseFigures): Array<Array<string | number>> {
  const base = d.reads.healthz;
  return PHASE_LABELS.map(([phaseOf, label, isLoaded = true]) => {
    const phase = phaseOf(d);
    const cpu = phase.databaseCpuMsPerRequest === null ? '—' : phase.databaseCpuMsPerRequest;
    const problems = [...(phase.non2xx > 0 ? [`${phase.non2xx} non-2xx`] : []), ...(phase.unanswered > 0 ? [`${phase.unanswered} unanswered in 10 s`] : [])];
    return [d.label, problems.length > 0 ? `${label} (${problems.join(', ')})` : label, phase.requestsPerSecond, phase.p50Ms, phase.p99Ms, phase.serverCpuMsPerRequest, cpu, ...(isLoaded ? [round(phase.p99Ms / base.p99Ms, 1), round(phase.requestsPerSecond / base.requestsPerSecond, 3)] : ['—', '—'])];
  });
}

function figuresOf(prefix: string, d: DatabaseFigures): Record<string, number> {
  const figures: Record<string, number> = { [`${prefix}Records`]: d.records, [`${prefix}FillRecordsPerSecond`]: d.fillPerSecond };
  const add = (name: string, phase: PhaseResult) => {
    figures[`${prefix}${name}RequestsPerSecond`] = phase.requestsPerSecond;
    figures[`${prefix}${name}P50Ms`] = phase.p50Ms;
    figures[`${prefix}${name}P99Ms`] = phase.p99Ms;
    figures[`${prefix}${name}ServerCpuMsPerRequest`] = phase.serverCpuMsPerRequest;
    if (phase.databaseCpuMsPerRequest !== null) figures[`${prefix}${name}DatabaseCpuMsPerRequest`] = phase.databaseCpuMsPerRequest;
    figures[`${prefix}${name}Non2xx`] = phase.non2xx;
    figures[`${prefix}${name}Unanswered`] = phase.unanswered;
  };
  add('Create', d.create);
  add('List', d.reads.list);
  add('Get', d.reads.get);
  add('Search', d.reads.search);
  add('AuthMe', d.reads.me);
  add('ListOneConnection', d.alone.list);
  add('GetOneConnection', d.alone.get);
  return figures;
}

export const apiRecordsBench: Bench = {
  name: 'api-records',
  async run(): Promise<BenchResult> {
    const records = Number(process.env['FLOWDESK_BENCH_RECORDS'] || 100_000);
    if (!Number.isInteger(records) || records < MIN_RECORDS) throw new Error(`FLOWDESK_BENCH_RECORDS must be a whole number of at least ${MIN_RECORDS}, not "${process.env['FLOWDESK_BENCH_RECORDS']}"`);
    const sqlite = await benchDatabase(await freshSqlite(), records);
    const mariadbScratch = await freshMariadb();
    const mariadb = mariadbScratch ? await benchDatabase(mariadbScratch, records) : null;
    const all = [sqlite, ...(mariadb ? [mariadb] : [])];
    const baseline = (prefix: string, d: DatabaseFigures) => ({
      [`${prefix}HealthzRequestsPerSecond`]: d.reads.healthz.requestsPerSecond,
      [`${prefix}HealthzP50Ms`]: d.reads.healthz.p50Ms,
      [`${prefix}HealthzP99Ms`]: d.reads.healthz.p99Ms,
      [`${prefix}HealthzServerCpuMsPerRequest`]: d.reads.healthz.serverCpuMsPerRequest,
    });
    return {
      name: 'api-records',
      description:
        `the record API over HTTP against \`flowdesk serve\` in its own process, ${CONNECTIONS} autocannon connections, an administrator's API token; ` +
        `${all.map((d) => `${d.label}: ${d.records.toLocaleString('en')} tickets`).join(', ')} (filled by the record store's create in the bench process, ${all.map((d) => `${d.fillPerSecond}/s on ${d.label}`).join(', ')}; ` +
        `the create phase then adds to the full table); medians of ${RUNS} runs of ${READ_SECONDS} s (create: ${CREATE_SECONDS} s, one connection: ${ALONE_SECONDS} s) after a ${WARMUP_SECONDS} s warm-up; ` +
        `latency of 2xx answers, CPU ms per request of the server process and of mariadbd; × baseline = the phase's p99 and requests/s over GET /healthz's in the same run; ` +
        `ratio = SQLite list p99 / SQLite /healthz p99 (goal: list and get p99 < 50 ms)`,
      figures: { ...figuresOf('sqlite', sqlite), ...(mariadb ? figuresOf('mariadb', mariadb) : {}) },
      baseline: { ...baseline('sqlite', sqlite), ...(mariadb ? baseline('mariadb', mariadb) : {}) },
      ratio: round(sqlite.reads.list.p99Ms / sqlite.reads.healthz.p99Ms, 1),
      table: markdownTable(['database', 'phase', 'requests/s', 'p50 ms', 'p99 ms', 'server CPU ms/req', 'mariadbd CPU ms/req', 'p99 × baseline', 'requests/s × baseline'], all.flatMap(rowsOf)),
    };
  },
};
