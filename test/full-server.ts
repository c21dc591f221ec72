/**
 * A whole Flowdesk as `npm start` runs it (every bundle in definitions/ installed, the web apps
 * served) on a test database, and its first administrator logged in.
 */
import { pino } from 'pino';
import { readConfig } from '../runtime/config.js';
import { startServer, type RunningServer } from '../runtime/server/serve.js';
import { apiClient, type ApiClient } from './api-app.js';
import { REPO_ROOT } from './bundle-fixtures.js';
import type { TestDatabase } from './for-each-database.js';

const ADMIN_PASSWORD = 'first-admin-password-for-full-server-tests';

export async function startFullServer(database: TestDatabase, env: Record<string, string> = {}): Promise<{ running: RunningServer; admin: ApiClient }> {
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', FLOWDESK_DATABASE_URL: database.url, FLOWDESK_DATA_DIR: database.dir, FLOWDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env }, REPO_ROOT);
  const running = await startServer(config, { log: pino({ level: 'silent' }) });
  const admin = apiClient(running.url);
  await admin.login('admin', ADMIN_PASSWORD);
  return { running, admin };
}
