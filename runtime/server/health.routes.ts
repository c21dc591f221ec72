/**
 * Probes for orchestrators, outside /api/v1 and outside rate limits:
 * - GET /healthz — liveness: the process answers (never touches the database, so a database outage
 *   does not get every node restarted);
 * - GET /readyz — readiness: the database answers within {@link READY_TIMEOUT_MS} and every
 *   migration this build knows is applied; otherwise 503 NOT_READY naming the failed check.
 */
import { Router } from 'express';
import type { Logger } from 'pino';
import { FlowdeskError, type Database } from '../../engine/index.js';

/** The names of migrations this build knows that the database has not applied. */
export type PendingMigrations = () => Promise<readonly string[]>;

export interface HealthOptions {
  db: Database;
  log: Logger;
  /** Default: only that some migration was applied (the serving composition root passes the real list). */
  pendingMigrations?: PendingMigrations;
}

/** A database that takes longer than this to answer `SELECT 1` counts as unreachable. */
export const READY_TIMEOUT_MS = 2000;

interface FailedCheck {
  check: 'database' | 'migrations';
  message: string;
  pending?: readonly string[];
}

export function healthRouter({ db, log, pendingMigrations = anyMigrationApplied(db) }: HealthOptions): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    const failed = await readinessFailure(db, pendingMigrations, log);
    if (failed) return next(new FlowdeskError('NOT_READY', `not ready: ${failed.message}`, { details: [failed] }));
    res.json({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
  });
  return router;
}

async function readinessFailure(db: Database, pendingMigrations: PendingMigrations, log: Logger): Promise<FailedCheck | null> {
  try {
    await withTimeout(db.knex.raw('SELECT 1'), READY_TIMEOUT_MS);
  } catch (error) {
    // The cause (host names, credentials in a driver message) goes to the log, never to the caller.
    log.warn({ err: error }, 'readiness: database unreachable');
    return { check: 'database', message: 'the database is unreachable' };
  }
  try {
    const pending = await withTimeout(pendingMigrations(), READY_TIMEOUT_MS);
    if (pending.length > 0) return { check: 'migrations', message: `${pending.length} migration(s) not applied`, pending };
  } catch (error) {
    log.warn({ err: error }, 'readiness: migrations unknown');
    return { check: 'migrations', message: 'the applied migrations cannot be read' };
  }
  return null;
}

function withTimeout<T>(work: PromiseLike<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve(work), timeout]).finally(() => clearTimeout(timer));
}

function anyMigrationApplied(db: Database): PendingMigrations {
  return async () => {
    const [row] = (await db.knex('flowdesk_migrations').count({ n: '*' })) as Array<{ n: number | string }>;
    return Number(row?.n ?? 0) > 0 ? [] : ['(none applied)'];
  };
}
