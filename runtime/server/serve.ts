import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { pino, type Logger } from 'pino';
import { createJobRunner, type JobRunner } from '../../engine/index.js';
import type { RuntimeConfig } from '../config.js';
import { installDefinitions, openRuntime, type FlowdeskRuntime } from '../flowdesk-runtime.js';
import { createApp } from './app.js';

export interface RunningServer {
  runtime: FlowdeskRuntime;
  server: Server;
  jobs: JobRunner;
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens the database, installs the bundles in the definitions folder, runs due jobs (timers,
 * plugin calls, signals — including those that fell due while nothing ran) and serves HTTP.
 */
export async function startServer(config: RuntimeConfig, log: Logger = pino({ level: config.logLevel })): Promise<RunningServer> {
  const runtime = await openRuntime(config);
  try {
    const report = await installDefinitions(runtime);
    for (const step of report.steps) log.info({ bundle: step.name, version: step.version, action: step.action }, 'bundle');
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const app = createApp({ registry: runtime.registry, log });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  const jobs = createJobRunner({ db: runtime.db, clock: runtime.clock, handlers: runtime.processes.jobHandlers, owner: `${hostname()}:${process.pid}`, log });
  jobs.start();
  log.info({ url, database: runtime.db.dialect }, 'Flowdesk is serving');
  return {
    runtime,
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
