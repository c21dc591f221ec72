import type { Server } from 'node:http';
import { pino, type Logger } from 'pino';
import type { RuntimeConfig } from '../config.js';
import { installDefinitions, openRuntime, type FlowdeskRuntime } from '../flowdesk-runtime.js';
import { createApp } from './app.js';

export interface RunningServer {
  runtime: FlowdeskRuntime;
  server: Server;
  url: string;
  stop(): Promise<void>;
}

/** Opens the database, installs the bundles in the definitions folder and serves HTTP. */
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
  log.info({ url, database: runtime.db.dialect }, 'Flowdesk is serving');
  return {
    runtime,
    server,
    url,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await runtime.close();
    },
  };
}
