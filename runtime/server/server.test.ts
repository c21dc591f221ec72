import { join } from 'node:path';
import { pino } from 'pino';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { readConfig } from '../config.js';
import { startServer, type RunningServer } from './serve.js';

forEachDatabase('the server', (database) => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const start = async () => {
    const config = readConfig({ PORT: '0', HOST: '127.0.0.1', FLOWDESK_DATABASE_URL: database().url, FLOWDESK_DATA_DIR: database().dir }, REPO_ROOT);
    running = await startServer(config, pino({ level: 'silent' }));
    return running.url;
  };

  it('installs every bundle in definitions/ and lists it at /api/v1/bundles', async () => {
    const url = await start();
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    const response = await fetch(`${url}/api/v1/bundles`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const { bundles } = (await response.json()) as { bundles: Array<{ name: string; version: string; installedBy: string }> };
    expect(bundles).toContainEqual(expect.objectContaining({ name: 'flowdesk-sample', version: '1.0.0', installedBy: 'system' }));
  });

  it('starts again on the same database without reinstalling anything', async () => {
    await start();
    await running!.stop();
    running = undefined;
    const url = await start();
    const { bundles } = (await (await fetch(`${url}/api/v1/bundles`)).json()) as { bundles: unknown[] };
    expect(bundles).toHaveLength(1);
  });

  it('answers an unknown route with the error shape and a request id', async () => {
    const url = await start();
    const response = await fetch(`${url}/api/v1/nothing-here`, { headers: { 'x-request-id': 'req-42' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route for GET /api/v1/nothing-here', details: [] }, requestId: 'req-42' });
  });
});

describe('configuration', () => {
  it('defaults to port 8080 and a SQLite file under ./data', () => {
    const config = readConfig({}, '/srv/flowdesk');
    expect(config).toMatchObject({ port: 8080, dataDir: '/srv/flowdesk/data', databaseUrl: 'sqlite:/srv/flowdesk/data/flowdesk.sqlite', definitionsDir: join('/srv/flowdesk', 'definitions') });
  });

  it('refuses a bad setting with CONFIG_INVALID naming the variable', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('PORT') }));
  });
});
