import type { Server } from 'node:http';
import { hostname } from 'node:os';
import type { RequestHandler } from 'express';
import { pino, type Logger } from 'pino';
import { createJobRunner, createQualityDefinitionSource, pendingMigrations, type JobRunner } from '../../engine/index.js';
import type { RuntimeConfig } from '../config.js';
import { installDefinitions, openRuntime, type FlowdeskRuntime } from '../flowdesk-runtime.js';
import { aroundWrites, type ApiRoute } from './api-route.js';
import { createApp, type FlowdeskApp } from './app.js';
import { createAuthenticate, createDirectorySync, createLdapDirectory, createLoginService, ensureFirstAdmin } from '../identity/index.js';
import { auditRoutes } from './audit.routes.js';
import { bundleSchemaRoutes } from './bundle-schemas.routes.js';
import { authRoutes, loginAttemptKey } from './auth.routes.js';
import { bundleRoutes } from './bundles.routes.js';
import { catalogRoutes } from './catalog.routes.js';
import { createBundleTextSource } from '../forms/bundle-texts.js';
import { formRoutes } from './forms.routes.js';
import { createLoginLimiter } from './hardening.js';
import { identityRoutes } from './identity.routes.js';
import { notificationRoutes } from './notifications.routes.js';
import { createDraftStore } from '../drafts/draft-store.js';
import { draftRoutes } from './drafts.routes.js';
import { createDraftTestRuns } from '../drafts/draft-test-runs.js';
import { draftTestRunRoutes } from './draft-test-runs.routes.js';
import { formPreviewRoutes } from './form-preview.routes.js';
import { peopleRoutes } from './people.routes.js';
import { processRoutes } from './process.routes.js';
import { qualityRoutes } from './quality.routes.js';
import { webApps } from './web-apps.js';
import { webhookRoutes } from './webhooks.routes.js';
import { recordRoutes } from './records.routes.js';
import { requestRoutes } from './requests.routes.js';

/** Every /api/v1 endpoint the server mounts, area by area: adding an area is one line here. */
export function apiRoutes(runtime: FlowdeskRuntime, log: Logger): ApiRoute[] {
  const { db, clock, config } = runtime;
  const directory = config.ldap ? createLdapDirectory(config.ldap) : null;
  const directorySync = config.ldap && directory ? createDirectorySync({ db, clock, config: config.ldap, directory }) : null;
  const login = createLoginService({ db, clock, sessions: config.sessions, ldap: config.ldap && directory && directorySync ? { directory, sync: directorySync } : null });
  const identityWrites = (routes: ApiRoute[]) => aroundWrites(routes, (write) => runtime.credentials.whileChanging(write));
  const drafts = createDraftStore({ db, clock, registry: runtime.registry, schemas: runtime.schemas });
  const testRuns = createDraftTestRuns({ drafts, registry: runtime.registry, config, clock, log });
  // Live test runs drop their throwaway databases when the server stops.
  runtime.beforeClose(() => testRuns.close());
  return [
    ...bundleRoutes(runtime.registry),
    ...identityWrites([
      ...authRoutes({ db, clock, login, loginLimiter: createLoginLimiter(config.http.rateLimits.login, { log, keyGenerator: loginAttemptKey }) }),
      ...identityRoutes({ db, clock, roleIds: () => runtime.roles.roleIds(), directoryManagesRoles: (config.ldap?.groupRoles.size ?? 0) > 0, directorySync }),
    ]),
    ...recordRoutes({ clock, store: runtime.records, types: runtime.recordTypes, access: runtime.access, sla: runtime.engines.sla, surveys: runtime.engines.surveys, db }),
    ...processRoutes({ db, processes: runtime.processes, access: runtime.access, records: runtime.records, recordTypes: runtime.recordTypes }),
    ...qualityRoutes({ db, store: runtime.records, types: runtime.recordTypes, access: runtime.access, quality: createQualityDefinitionSource(runtime.registry, { clock }) }),
    ...notificationRoutes({ db, clock }),
    ...webhookRoutes({ db, clock, outbound: config.outbound }),
    ...catalogRoutes({ catalog: runtime.catalog }),
    ...requestRoutes({ startRequest: runtime.startRequest }),
    ...formRoutes({
      forms: runtime.forms,
      texts: createBundleTextSource(runtime.registry, { clock }),
      recordTypes: runtime.recordTypes,
      mayRead: async (caller, typeId) => (await runtime.access.scopeFor(caller, typeId, 'read')).kind !== 'none',
    }),
    ...peopleRoutes({ db }),
    ...formPreviewRoutes({ schemas: runtime.schemas }),
    ...draftRoutes({ drafts }),
    ...draftTestRunRoutes({ runs: testRuns }),
    ...auditRoutes({ db }),
    ...bundleSchemaRoutes(),
  ];
}

const defaultAuthenticate = (runtime: FlowdeskRuntime) => createAuthenticate({ db: runtime.db, clock: runtime.clock, sessions: runtime.config.sessions, credentials: runtime.credentials });

export interface ServerOptions {
  /** Default: pino JSON at the configured level, to stdout. */
  log?: Logger;
  /** The route list; default {@link apiRoutes}. */
  routes?: (runtime: FlowdeskRuntime, log: Logger) => ApiRoute[];
  /** Makes the middleware that resolves the caller (session cookie or API token). */
  authenticate?: (runtime: FlowdeskRuntime) => RequestHandler;
}

export interface RunningServer {
  runtime: FlowdeskRuntime;
  app: FlowdeskApp;
  server: Server;
  jobs: JobRunner;
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens the database, installs the bundles in the definitions folder, runs due jobs (timers,
 * plugin calls, signals — including those that fell due while nothing ran) and serves HTTP.
 */
export async function startServer(config: RuntimeConfig, options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? pino({ level: config.logLevel });
  const runtime = await openRuntime(config);
  let app: FlowdeskApp;
  try {
    const report = await installDefinitions(runtime);
    for (const step of report.steps) log.info({ bundle: step.name, version: step.version, action: step.action }, 'bundle');
    await ensureFirstAdmin({ db: runtime.db, clock: runtime.clock, password: config.adminPassword, announce: (message) => process.stdout.write(`${message}\n`) });
    app = createApp({
      log,
      db: runtime.db,
      clock: runtime.clock,
      config,
      routes: (options.routes ?? apiRoutes)(runtime, log),
      pendingMigrations: () => pendingMigrations(runtime.db),
      authenticate: (options.authenticate ?? defaultAuthenticate)(runtime),
      ...(config.webDir ? { web: webApps(config.webDir) } : {}),
    });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  const jobs = createJobRunner({ db: runtime.db, clock: runtime.clock, handlers: runtime.jobHandlers, owner: `${hostname()}:${process.pid}`, log });
  jobs.start();
  log.info({ url, database: runtime.db.dialect }, 'Flowdesk is serving');
  return {
    runtime,
    app,
    server,
    jobs,
    url,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await jobs.stop();
      await runtime.close();
    },
  };
}
