/**
 * One load phase of the api-records bench: autocannon (in the bench process) against the server
 * process, with the server's CPU time read before and after, and the database server's too when
 * it runs apart (MariaDB). Requests take their path and body in turn from a list made beforehand,
 * so every phase sends the same requests on every run.
 */
import { createRequire } from 'node:module';
import { median, percentile, round } from './harness.js';


interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}

interface AutocannonResult {
  requests: { total: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** A running load: a promise of the result and an emitter of each answer with its time in ms. */
type AutocannonRun = Promise<AutocannonResult> & { on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void };
type Autocannon = (options: Record<string, unknown>) => AutocannonRun;

// autocannon ships no type declarations; this is the part of its API the bench uses.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export const CONNECTIONS = 32;

export interface PhaseRequest {
  method?: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface Phase {
  /** Whom to ask: the server URL, the Authorization header when the route needs one. */
  url: string;
  authorization?: string;
  /** The requests, sent in turn (each connection takes the next one). */
  requests: readonly PhaseRequest[];
  seconds: number;
  /** Default CONNECTIONS. */
  connections?: number;
  /** CPU time readers: the server process, and the database server when it is a process of its own. */
  serverCpuMs: () => number;
  databaseCpuMs?: (() => number) | undefined;
}

export interface PhaseResult {
  requestsPerSecond: number;
  /** Completed requests (any status); the latencies are those of the 2xx answers. */
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers outside 2xx: must be 0. */
  non2xx: number;
  /** Requests without an answer: connection errors and timeouts (no answer within 10 s). */
  unanswered: number;
  serverCpuMsPerRequest: number;
  databaseCpuMsPerRequest: number | null;
}

/** Runs one phase: `connections` connections for `seconds`. */
export async function runPhase(phase: Phase): Promise<PhaseResult> {
  let next = 0;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(phase.authorization ? { authorization: phase.authorization } : {}) };
  const setupRequest = (request: AutocannonRequest): AutocannonRequest => {
    const planned = phase.requests[next++ % phase.requests.length]!;
    return { ...request, method: planned.method ?? 'GET', path: planned.path, ...(planned.body !== undefined ? { body: planned.body } : {}) };
  };
  const serverBefore = phase.serverCpuMs();
  const databaseBefore = phase.databaseCpuMs?.();
  const run = autocannon({ url: phase.url, connections: phase.connections ?? CONNECTIONS, duration: phase.seconds, headers, requests: [{ setupRequest }] });
  // autocannon's own percentiles are whole milliseconds; the answers' times are measured finer.
  const latencies: number[] = [];
  run.on('response', (_client, status, _bytes, ms) => status >= 200 && status < 300 && latencies.push(ms));
  const result = await run;
  const serverCpu = phase.serverCpuMs() - serverBefore;
  const databaseCpu = phase.databaseCpuMs && databaseBefore !== undefined ? phase.databaseCpuMs() - databaseBefore : null;
  const requests = result.requests.total;
  return {
    requestsPerSecond: round(requests / result.duration, 1),
    requests,
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    non2xx: result.non2xx,
    unanswered: result.errors,
    serverCpuMsPerRequest: round(serverCpu / Math.max(1, requests), 3),
    databaseCpuMsPerRequest: databaseCpu === null ? null : round(databaseCpu / Math.max(1, requests), 3),
  };
}

/** The median of each figure over the runs (non-2xx and unanswered: their sums). */
export function medianPhase(runs: readonly PhaseResult[]): PhaseResult {
  const of = (pick: (run: PhaseResult) => number) => median(runs.map(pick));
  const database = runs.map((run) => run.databaseCpuMsPerRequest);
  return {
    requestsPerSecond: round(of((r) => r.requestsPerSecond), 1),
    requests: of((r) => r.requests),
    p50Ms: of((r) => r.p50Ms),
    p99Ms: of((r) => r.p99Ms),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    unanswered: runs.reduce((sum, run) => sum + run.unanswered, 0),
    serverCpuMsPerRequest: round(of((r) => r.serverCpuMsPerRequest), 3),
    databaseCpuMsPerRequest: database.some((d) => d === null) ? null : round(median(database as number[]), 3),
  };
}
