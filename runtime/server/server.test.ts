import { basename, join } from 'node:path';
import { pino } from 'pino';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { apiClient, seedUser } from '../../test/api-app.js';
import { startSmtpServer } from '../../test/smtp-server.js';
import { readConfig } from '../config.js';
import { findBundleFolders } from '../flowdesk-runtime.js';
import { openApiPath, type OpenApiDocument } from './openapi.js';
import { startServer, type RunningServer } from './serve.js';

/** The method and path of every route mounted on the app's /api/v1 router (the one that serves /openapi.json). */
function mountedApiRoutes(app: RunningServer['app']): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const routers = ((app as unknown as { router: { stack: Layer[] } }).router.stack ?? []).map((layer) => layer.handle?.stack).filter((stack): stack is Layer[] => Array.isArray(stack));
  const api = routers.find((stack) => stack.some((layer) => layer.route?.path === '/openapi.json'))!;
  return api.flatMap((layer) => Object.keys(layer.route!.methods).filter((method) => method !== '_all').map((method) => `${method} ${openApiPath(layer.route!.path)}`)).sort();
}

const ADMIN_PASSWORD = 'first-admin-password-for-tests';

forEachDatabase('the server', (database) => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const start = async (env: Record<string, string> = {}) => {
    const config = readConfig({ PORT: '0', HOST: '127.0.0.1', FLOWDESK_DATABASE_URL: database().url, FLOWDESK_DATA_DIR: database().dir, FLOWDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env }, REPO_ROOT);
    running = await startServer(config, { log: pino({ level: 'silent' }) });
    return running.url;
  };

  /** The first admin's session cookie. */
  const adminCookie = async (url: string) => {
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: ADMIN_PASSWORD }) });
    return { cookie: login.headers.get('set-cookie')!.split(';')[0]! };
  };

  it('installs every bundle in definitions/ and lists it at /api/v1/bundles to signed-in users only', async () => {
    const url = await start();
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${url}/api/v1/bundles`)).status).toBe(401);
    const response = await fetch(`${url}/api/v1/bundles`, { headers: await adminCookie(url) });
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
    const { bundles } = (await (await fetch(`${url}/api/v1/bundles`, { headers: await adminCookie(url) })).json()) as { bundles: Array<{ name: string }> };
    const shipped = (await findBundleFolders(join(REPO_ROOT, 'definitions'))).map((folder) => basename(folder));
    expect(bundles.map((b) => b.name).sort()).toEqual(shipped.sort());
    expect(await running!.runtime.db.knex('bundle_versions').count({ n: '*' })).toEqual([{ n: shipped.length }]);
  });

  it('creates the first admin, who logs in and reads the audit log; anonymous callers may not', async () => {
    const url = await start();
    expect((await fetch(`${url}/api/v1/audit`)).status).toBe(401);
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: ADMIN_PASSWORD }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const audit = await fetch(`${url}/api/v1/audit?limit=5`, { headers: { cookie } });
    expect(audit.status).toBe(200);
    const { entries } = (await audit.json()) as { entries: Array<{ action: string; actor: string }> };
    expect(entries.length).toBeGreaterThan(0);
    const refused = await fetch(`${url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie } });
    expect((await refused.json()) as unknown).toMatchObject({ error: { code: 'CSRF_INVALID' } });
  });

  it('mails the requester of a new suggestion through the outbox, sent by the running job runner to the SMTP server it is configured with, and starts its SLA clocks', async () => {
    const smtp = await startSmtpServer();
    try {
      const url = await start({ FLOWDESK_SMTP_URL: `smtp://${smtp.host}:${smtp.port}`, FLOWDESK_MAIL_FROM: 'Service desk <desk@example.test>' });
      const { db } = running!.runtime;
      const at = '2026-01-01T00:00:00.000Z';
      await db.knex('organizations').insert({ id: 'org-1', parent_id: null, path: '/org-1/', code: 'org-1', name: 'Customer', status: 'active', created_at: at, updated_at: at });
      await db.knex('persons').insert({ id: 'person-1', organization_id: 'org-1', name: 'Li Lei', email: 'li.lei@example.test', status: 'active', created_at: at, updated_at: at });
      const author = await seedUser(db, { login: 'lilei', personId: 'person-1', roles: ['suggestion-author'] });
      const client = apiClient(url);
      await client.login(author.login, author.password);

      const created = await client.post('/records/suggestion', { fields: { subject: 'Quieter printers', details: 'The third floor is loud', category: 'workplace' } });
      expect(created.status).toBe(201);
      for (let waited = 0; smtp.received.length === 0 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));

      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to).toEqual(['li.lei@example.test']);
      expect(smtp.received[0]!.parsed.from?.value).toEqual([{ name: 'Service desk', address: 'desk@example.test' }]);
      expect(smtp.received[0]!.parsed.subject).toBe(`We received your suggestion ${created.body.number}`);
      const sla = await client.get(`/records/suggestion/${created.body.number}/sla`);
      expect(sla.status).toBe(200);
      expect(sla.body.clocks.map((c: { clockId: string; status: string; health: string; timeZone: string }) => [c.clockId, c.status, c.health, c.timeZone])).toEqual([
        ['decision', 'running', 'ok', 'Asia/Shanghai'],
        ['first-answer', 'running', 'ok', 'Asia/Shanghai'],
      ]);
      const today = new Date();
      const report = await client.get(`/reports/sla?type=suggestion&from=${new Date(today.getTime() - 86_400_000).toISOString()}&to=${new Date(today.getTime() + 86_400_000).toISOString()}`);
      expect(report.body).toEqual({ rows: [] }); // nothing has stopped yet
      expect((await client.get(`/reports/sla?type=suggestion&from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z`)).body.error.code).toBe('INPUT_INVALID');
      // Another author sees neither the suggestion nor its clocks.
      await db.knex('persons').insert({ id: 'person-2', organization_id: 'org-1', name: 'Han Meimei', email: null, status: 'active', created_at: at, updated_at: at });
      const other = await seedUser(db, { login: 'hanmeimei', personId: 'person-2', roles: ['suggestion-author'] });
      const otherClient = apiClient(url);
      await otherClient.login(other.login, other.password);
      expect((await otherClient.get(`/records/suggestion/${created.body.number}/sla`)).body.error.code).toBe('RECORD_NOT_FOUND');
    } finally {
      await smtp.close();
    }
  });

  it('starts a request from a catalog entry offered to the caller\'s organization: record, process and first task together, for the delivering team; others are told it does not exist', async () => {
    const url = await start();
    const { db } = running!.runtime;
    const at = '2026-01-01T00:00:00.000Z';
    const org = (id: string) => ({ id, parent_id: null, path: `/${id}/`, code: id, name: id, status: 'active', created_at: at, updated_at: at });
    await db.knex('organizations').insert([org('org-1'), org('org-2')]);
    await db.knex('persons').insert(['1', '2'].map((n) => ({ id: `person-${n}`, organization_id: `org-${n}`, name: `Person ${n}`, email: null, status: 'active', created_at: at, updated_at: at })));
    await db.knex('teams').insert({ id: 'team-desk', organization_id: 'org-1', name: 'Desk', created_at: at });
    const admin = apiClient(url);
    await admin.login('admin', ADMIN_PASSWORD);
    expect((await admin.post('/catalog/contracts', { organizationId: 'org-1', name: '意见箱服务合同', startsOn: '2026-01-01', services: [{ service: 'suggestion-box' }] })).status).toBe(201);
    expect((await admin.put('/catalog/delivery/org-1/suggestion-box', { teamId: 'team-desk' })).status).toBe(200);

    const author = await seedUser(db, { login: 'lilei', personId: 'person-1', roles: ['suggestion-author'] });
    const client = apiClient(url);
    await client.login(author.login, author.password);
    const data = { subject: '打印机太吵', details: '三楼的打印机离工位太近', category: 'workplace' };
    const started = await client.post('/catalog/entries/submit-suggestion/requests', { data });
    expect(started.status).toBe(201);
    expect(started.body.record).toMatchObject({ type: 'suggestion', organizationId: 'org-1', callerId: 'person-1', teamId: 'team-desk', fields: data });
    expect(started.body.instance).toMatchObject({ processId: 'suggestion-box', status: 'running' });
    const jobs = (await db.knex('jobs').where({ instance_id: started.body.instance.id }).pluck('type')) as string[];
    expect(jobs).toEqual(['process.call']); // the scoring plugin, queued with the start
    expect(await db.knex('sla_clocks').where({ record_id: started.body.record.id }).count({ n: '*' })).toEqual([{ n: 2 }]);

    // Bad start-form data writes nothing; an organization without a contract is not offered the entry.
    const before = await db.knex('records').count({ n: '*' });
    expect((await client.post('/catalog/entries/submit-suggestion/requests', { data: { subject: '' } })).body.error.code).toBe('TASK_FORM_INVALID');
    const outsider = await seedUser(db, { login: 'hanmeimei', personId: 'person-2', roles: ['suggestion-author'] });
    const outside = apiClient(url);
    await outside.login(outsider.login, outsider.password);
    const refused = await outside.post('/catalog/entries/submit-suggestion/requests', { data });
    expect([refused.status, refused.body.error.code]).toEqual([404, 'CATALOG_ENTRY_NOT_FOUND']);
    expect(await db.knex('records').count({ n: '*' })).toEqual(before);
  });

  it('answers an unknown route with the error shape and a request id', async () => {
    const url = await start();
    const response = await fetch(`${url}/api/v1/nothing-here`, { headers: { 'x-request-id': 'req-42' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('req-42');
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route for GET /api/v1/nothing-here', details: [] }, requestId: 'req-42' });
  });

  it('is ready once started: database reachable, every migration applied', async () => {
    const url = await start();
    const response = await fetch(`${url}/readyz`);
    expect([response.status, await response.json()]).toEqual([200, { status: 'ready', checks: { database: 'ok', migrations: 'ok' } }]);
  });

  it('serves Prometheus metrics, behind the token when one is configured', async () => {
    const url = await start({ FLOWDESK_METRICS_TOKEN: 'a-long-enough-scrape-token' });
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    await fetch(`${url}/api/v1/bundles`);
    const text = await (await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer a-long-enough-scrape-token' } })).text();
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/bundles",status_code="401"\} 1$/m);
    expect(text).toMatch(/^flowdesk_jobs_due \d+$/m);
    expect(text).toMatch(/^flowdesk_jobs_failed 0$/m);
    expect(text).toMatch(/^flowdesk_outbox_depth /m);
  });

  it('serves an OpenAPI 3.1 document listing every mounted /api/v1 route', async () => {
    const url = await start();
    const response = await fetch(`${url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApiDocument;
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`)).sort();
    expect(documented).toEqual(mountedApiRoutes(running!.app));
    expect(documented).toEqual(expect.arrayContaining(['get /bundles', 'get /openapi.json', 'get /docs', 'get /docs/reference.css']));
  });

  it('serves the reference page and its style sheet under the strict CSP', async () => {
    const url = await start();
    const page = await fetch(`${url}/api/v1/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    const html = await page.text();
    expect(html).toContain('id="op-getBundles"');
    expect(html).not.toMatch(/<script|<style|\sstyle=/i);
    const css = await fetch(`${url}/api/v1/docs/reference.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toMatch(/\.method-get/);
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

  it('reads the mail and webhook settings, refusing what is not an SMTP URL, a From that would break the header, or a flag that is not true or false', () => {
    expect(readConfig({}).mail).toBeNull();
    expect(readConfig({ FLOWDESK_SMTP_URL: 'smtps://desk:secret@mail.example.com:465' }).mail).toEqual({ smtpUrl: 'smtps://desk:secret@mail.example.com:465', from: 'Flowdesk <flowdesk@mail.example.com>' });
    const refused = (env: Record<string, string>) => expect(() => readConfig(env)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining(Object.keys(env).at(-1)!) }));
    refused({ FLOWDESK_SMTP_URL: 'http://mail.example.com' });
    refused({ FLOWDESK_SMTP_URL: 'not a url' });
    refused({ FLOWDESK_SMTP_URL: 'smtp://mail.example.com', FLOWDESK_MAIL_FROM: 'desk@example.com\r\nBcc: victim@example.com' });
    expect(readConfig({}).outbound).toEqual({ allowPrivate: false, timeoutMs: 10_000 });
    expect(readConfig({ FLOWDESK_WEBHOOK_ALLOW_PRIVATE: 'true', FLOWDESK_WEBHOOK_TIMEOUT_MS: '2500' }).outbound).toEqual({ allowPrivate: true, timeoutMs: 2500 });
    refused({ FLOWDESK_WEBHOOK_ALLOW_PRIVATE: 'yes' });
  });

  it('reads the HTTP settings: body limit, CORS origins, rate limits, metrics token, proxies', () => {
    expect(readConfig({}).http).toEqual({ bodyLimitBytes: 1048576, corsOrigins: [], rateLimits: { api: { limit: 600, windowMs: 60000 }, login: { limit: 10, windowMs: 300000 } }, trustProxy: false });
    const config = readConfig({
      FLOWDESK_BODY_LIMIT: '65536',
      FLOWDESK_CORS_ORIGINS: 'https://portal.example.com,https://admin.example.com:8443/',
      FLOWDESK_RATE_LIMIT_API: '0',
      FLOWDESK_RATE_LIMIT_LOGIN: '5',
      FLOWDESK_RATE_LIMIT_LOGIN_WINDOW: '900',
      FLOWDESK_METRICS_TOKEN: 'x'.repeat(32),
      FLOWDESK_TRUST_PROXY: '1',
    });
    expect(config.http).toEqual({
      bodyLimitBytes: 65536,
      corsOrigins: ['https://portal.example.com', 'https://admin.example.com:8443'],
      rateLimits: { api: { limit: 0, windowMs: 60000 }, login: { limit: 5, windowMs: 900000 } },
      metricsToken: 'x'.repeat(32),
      trustProxy: 1,
    });
    expect(() => readConfig({ FLOWDESK_METRICS_TOKEN: 'short' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => readConfig({ FLOWDESK_TRUST_PROXY: 'true' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(readConfig({ FLOWDESK_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).http.trustProxy).toBe('loopback, 10.0.0.0/8');
  });
});
