import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { FlowdeskError, asFlowdeskError, type BundleRegistry } from '../../engine/index.js';
import { bundlesRouter } from './bundles.routes.js';

export interface AppDeps {
  registry: BundleRegistry;
  log: Logger;
}

/** The HTTP application: security headers, request logging with ids, the routes, one error shape. */
export function createApp({ registry, log }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(helmet());
  app.use(pinoHttp({ logger: log, genReqId: (req) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID() }));
  app.use(express.json({ limit: '1mb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/api/v1/bundles', bundlesRouter(registry));

  app.use((req, _res, next) => next(new FlowdeskError('NOT_FOUND', `no route for ${req.method} ${req.path}`)));
  app.use(errorHandler);
  return app;
}

/** `{ error: { code, message, details }, requestId }` for every failure; internals are logged, never echoed. */
const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const isBodyError = (error as { type?: string }).type?.startsWith('entity.') === true;
  const flowdeskError = isBodyError ? new FlowdeskError('INPUT_INVALID', 'the request body is not valid JSON or is too large') : asFlowdeskError(error);
  if (flowdeskError.code === 'INTERNAL') req.log.error({ err: error }, 'request failed');
  res.status(flowdeskError.httpStatus).json({ error: flowdeskError.toJSON(), requestId: String(req.id) });
};
