import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { FLOWDESK_VERSION, FlowdeskError, asFlowdeskError, type Clock, type Database } from '../../engine/index.js';
import type { RuntimeConfig } from '../config.js';
import { createApiRouter, type ApiRoute } from './api-route.js';
import { corsPolicy, createApiLimiter, httpInputError, jsonBodyParser, securityHeaders } from './hardening.js';
import { healthRouter, type PendingMigrations } from './health.routes.js';
import { createMetrics, type AppMetrics } from './metrics.js';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi.js';
import { referenceRoutes } from './reference-page.js';

/** Where the declared routes are mounted. */
export const API_BASE_PATH = '/api/v1';

export interface AppDeps {
  log: Logger;
  db: Database;
  /** Every /api/v1 endpoint; the document and the reference page are added here. */
  routes: readonly ApiRoute[];
  config: Pick<RuntimeConfig, 'http'>;
  /** Resolves the caller (session cookie or API token) and leaves it with `setCaller`; runs after body parsing. */
  authenticate?: RequestHandler;
  /** Made from `db` (and `clock`) when not given. */
  metrics?: AppMetrics;
  clock?: Clock;
  /** For /readyz; see health.routes.ts. */
  pendingMigrations?: PendingMigrations;
  /** The web apps' pages and assets (web-apps.ts), after the API. */
  web?: RequestHandler;
}

/** What a created app also hands back: its document and metrics, for tests and the composition root. */
export interface FlowdeskApp extends Express {
  readonly openApiDocument: OpenApiDocument;
  readonly metrics: AppMetrics;
}

/**
 * The HTTP application. In order: request ids and logging, the latency timer, security headers,
 * CORS, the probes and /metrics, the API rate limit, JSON body parsing, authentication, the
 * /api/v1 routes (with /openapi.json and /docs), the web apps, a 404, and the one error shape.
 */
export function createApp({ log, db, routes, config, authenticate, clock, pendingMigrations, web, metrics = createMetrics({ db, log, ...(clock ? { clock } : {}) }) }: AppDeps): FlowdeskApp {
  // The reference routes serve the document that lists them too; it exists before any request.
  const allRoutes = [...routes, ...referenceRoutes(() => document)];
  const document = buildOpenApiDocument(allRoutes, { version: FLOWDESK_VERSION, basePath: API_BASE_PATH });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.http.trustProxy);
  // `<`, `>` and `&` in JSON answers as \u escapes: no answer can be sniffed into markup.
  app.set('json escape', true);

  app.use(requestLogging(log));
  app.use(metrics.observeRequests);
  app.use(securityHeaders());
  app.use(corsPolicy(config.http.corsOrigins));
  app.use(healthRouter({ db, log, ...(pendingMigrations ? { pendingMigrations } : {}) }));
  app.get('/metrics', metrics.endpoint(config.http.metricsToken));
  app.use('/api', createApiLimiter(config.http.rateLimits.api, { log }));
  app.use('/api', jsonBodyParser(config.http.bodyLimitBytes));
  if (authenticate) app.use(authenticate);
  app.use(API_BASE_PATH, createApiRouter(allRoutes));
  if (web) app.use(web);

  app.use((req, _res, next) => next(new FlowdeskError('NOT_FOUND', `no route for ${req.method} ${req.path}`)));
  app.use(errorHandler);
  return Object.assign(app, { openApiDocument: document, metrics });
}

const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** pino-http with a request id per request (the caller's X-Request-Id when it is sane), echoed in X-Request-Id. */
function requestLogging(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log,
    genReqId: (req, res) => {
      const offered = req.headers['x-request-id'];
      const id = typeof offered === 'string' && /^[\w.:@-]{1,100}$/.test(offered) ? offered : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => PROBE_PATHS.has((req.url ?? '').split('?')[0]!) },
    // Never the headers, either way: they carry session cookies (Cookie, Set-Cookie), tokens and CSRF tokens.
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

/**
 * `{ error: { code, message, details }, requestId }` for every failure. Body parser and router
 * errors get their codes; anything that is not a FlowdeskError answers INTERNAL with a fixed
 * message and is logged with the request id; a stack trace never leaves the server.
 */
const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const flowdeskError = error instanceof FlowdeskError ? error : (httpInputError(error) ?? asFlowdeskError(error));
  // NOT_READY is the probe's answer, already logged by it as a warning.
  if (flowdeskError.httpStatus >= 500 && flowdeskError.code !== 'NOT_READY') req.log.error({ err: error, code: flowdeskError.code }, 'request failed');
  res.status(flowdeskError.httpStatus).json({ error: flowdeskError.toJSON(), requestId: String(req.id) });
};
