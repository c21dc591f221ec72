import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { pino } from 'pino';
import { openDatabase, parseDatabaseUrl, pendingMigrations, type Database } from '../../engine/index.js';
import { expectRefused, listenOnLoopback } from '../../test/bad-input.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { DEFAULT_HTTP_CONFIG } from '../config.js';
import { createApp } from './app.js';
import type { PendingMigrations } from './health.routes.js';

const silent = pino({ level: 'silent' });

forEachDatabase('the probes', (database) => {
  let served: { url: string; close(): Promise<void> } | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });
  const serve = async (db: Database, pendingMigrations?: PendingMigrations) => {
    served = await listenOnLoopback(createApp({ log: silent, db, routes: [], config: { http: DEFAULT_HTTP_CONFIG }, ...(pendingMigrations ? { pendingMigrations } : {}) }));
    return served.url;
  };

  it('is live and ready on a reachable, migrated database', async () => {
    const { db } = database();
    const url = await serve(db, () => pendingMigrations(db));
    const live = await fetch(`${url}/healthz`);
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', checks: { database: 'ok', migrations: 'ok' } }]);
    expect(ready.headers.get('cache-control')).toBe('no-store');
  });

  it('is not ready when a migration it started with is no longer applied', async () => {
    const { db } = database();
    const url = await serve(db, () => pendingMigrations(db));
    await db.knex('flowdesk_migrations').where({ name: '0002-jobs' }).delete();
    const { error } = await expectRefused(await fetch(`${url}/readyz`), 'NOT_READY');
    expect(error.details).toEqual([{ check: 'migrations', message: '1 migration(s) not applied', pending: ['0002-jobs'] }]);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('is not ready on a database no migration ever ran on (the default check)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowdesk-empty-'));
    const empty = openDatabase(parseDatabaseUrl(`sqlite:${join(dir, 'empty.sqlite')}`));
    try {
      const url = await serve(empty);
      const { error } = await expectRefused(await fetch(`${url}/readyz`), 'NOT_READY');
      expect(error.details).toEqual([{ check: 'migrations', message: 'the applied migrations cannot be read' }]);
    } finally {
      await served?.close();
      served = undefined;
      await empty.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not ready, and says no more than that, when the database is unreachable; still live', async () => {
    const unreachable = openDatabase(parseDatabaseUrl('mysql://flowdesk:hunter2@127.0.0.1:1/flowdesk'));
    // knex reports the refused connection on the console as well.
    const console = jest.spyOn(globalThis.console, 'log').mockImplementation(() => undefined);
    try {
      const url = await serve(unreachable, async () => []);
      const response = await fetch(`${url}/readyz`);
      const text = await response.clone().text();
      const { error } = await expectRefused(response, 'NOT_READY');
      expect(error).toEqual({ code: 'NOT_READY', message: 'not ready: the database is unreachable', details: [{ check: 'database', message: 'the database is unreachable' }] });
      expect(text).not.toMatch(/hunter2|127\.0\.0\.1|ECONNREFUSED/);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await served?.close();
      served = undefined;
      await unreachable.close();
      console.mockRestore();
    }
  });
});
