/**
 * Prometheus metrics for one app, in a registry of its own (never prom-client's global one, so two
 * apps in one process — tests, a worker beside a server — never share or clash):
 * - `http_request_duration_seconds` (histogram) by method, route pattern and status;
 * - `flowdesk_jobs_due` and `flowdesk_jobs_failed` (gauges), counted on each scrape from `jobs`;
 * - `flowdesk_outbox_depth` (gauge), from the injected `outboxDepth`, or the row count of the
 *   `outbox` table (messages waiting for their channel, failed ones included);
 * - Node's process metrics (`process_*`, `nodejs_*`).
 * A gauge reads NaN when its query failed or its source does not exist.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { FlowdeskError, systemClock, type Clock, type Database } from '../../engine/index.js';

/** How many rows wait in the outbox, or null when there is no outbox. */
export type OutboxDepth = () => Promise<number | null>;

export interface MetricsOptions {
  db: Database;
  log: Logger;
  clock?: Clock;
  outboxDepth?: OutboxDepth;
  /** Node's process metrics; on unless false. */
  processMetrics?: boolean;
}

export interface AppMetrics {
  readonly registry: Registry;
  /** Times each request from here to its response; mount it right after request logging. */
  readonly observeRequests: RequestHandler;
  /** GET /metrics: the text format; with a token, only for `Authorization: Bearer <token>`. */
  endpoint(token?: string): RequestHandler;
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Requests no route took (404s, refusals before routing) share one label value, whatever their URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

export function createMetrics({ db, log, clock = systemClock, outboxDepth = outboxTableDepth(db), processMetrics = true }: MetricsOptions): AppMetrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const collected = (name: string, help: string, read: () => Promise<number | null>) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(await read().then((value) => value ?? Number.NaN, (error: unknown) => {
          log.warn({ err: error, metric: name }, 'metric not collected');
          return Number.NaN;
        }));
      },
    });
  collected('flowdesk_jobs_due', 'Pending jobs whose due time has come (timers, retries, sends) and that no runner has claimed yet.', () =>
    countRows(db, (q) => q.where({ status: 'pending' }).andWhere('due_at', '<=', clock.now().toISOString())),
  );
  collected('flowdesk_jobs_failed', 'Jobs that used up their attempts and wait for an operator (flowdesk jobs retry).', () => countRows(db, (q) => q.where({ status: 'failed' })));
  collected('flowdesk_outbox_depth', 'Messages waiting in the outbox; NaN while there is no outbox.', outboxDepth);

  const observeRequests: RequestHandler = (req, res, next) => {
    const stop = duration.startTimer();
    res.once('finish', () => stop({ method: KNOWN_METHODS.has(req.method) ? req.method : 'OTHER', route: routePatternOf(req, res), status_code: String(res.statusCode) }));
    next();
  };
  return { registry, observeRequests, endpoint: (token) => metricsEndpoint(registry, token) };
}

/** The route pattern that answered (`/api/v1/records/:type/:id`), never the raw URL, whose ids would explode the label set. */
function routePatternOf(req: Request, res: Response): string {
  const declared = res.locals['routePattern'];
  if (typeof declared === 'string') return declared;
  const matched = (req.route as { path?: unknown } | undefined)?.path;
  return typeof matched === 'string' ? `${req.baseUrl}${matched}` : UNMATCHED_ROUTE;
}

async function countRows(db: Database, where: (query: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<number> {
  const [row] = (await where(db.knex('jobs')).count({ n: '*' })) as Array<{ n: number | string }>;
  return Number(row?.n ?? 0);
}

/** The number of rows in a table named `outbox`, or null while there is none. */
export function outboxTableDepth(db: Database): OutboxDepth {
  return async () => {
    if (!(await db.knex.schema.hasTable('outbox'))) return null;
    const [row] = (await db.knex('outbox').count({ n: '*' })) as Array<{ n: number | string }>;
    return Number(row?.n ?? 0);
  };
}

function metricsEndpoint(registry: Registry, token: string | undefined): RequestHandler {
  const expected = token === undefined ? null : digest(token);
  return async (req, res, next) => {
    try {
      if (expected && !isBearer(req.headers.authorization, expected)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new FlowdeskError('UNAUTHENTICATED', 'the metrics need the bearer token from FLOWDESK_METRICS_TOKEN');
      }
      const text = await registry.metrics();
      res.setHeader('Content-Type', registry.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.send(text);
    } catch (error) {
      next(error);
    }
  };
}

// Comparing digests keeps the comparison constant-time whatever the lengths.
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function isBearer(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer (\S+)$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), expected);
}
