import { createManualClock, readAudit } from '../../engine/index.js';
import { apiClient, identitySetup, seedUser, startApiTestApp, type ApiTestApp } from '../../test/api-app.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { webhookRoutes } from './webhooks.routes.js';

forEachDatabase('the webhooks API', (database) => {
  let app: ApiTestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));

  const start = async (allowPrivate: boolean) => {
    const { db } = database();
    const root = await seedUser(db, { login: 'root', roles: ['admin'] });
    const ann = await seedUser(db, { login: 'ann', roles: ['agent'] });
    const setup = identitySetup(db, clock);
    app = await startApiTestApp({ ...setup, routes: [...setup.routes, ...webhookRoutes({ db, clock, outbound: { allowPrivate, timeoutMs: 1000 } })] });
    const admin = apiClient(app.url);
    await admin.login('root', root.password);
    const agent = apiClient(app.url);
    await agent.login('ann', ann.password);
    return { admin, agent, rootId: root.id };
  };

  it('lets administrators register, list and remove endpoints, the secret shown once and the change audited', async () => {
    const { admin, agent, rootId } = await start(true);
    const made = await admin.post('/webhooks', { name: 'Chat bridge', url: 'http://127.0.0.1:9/hook', ruleIds: ['case-webhook'] });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({ endpoint: expect.objectContaining({ name: 'Chat bridge', url: 'http://127.0.0.1:9/hook', ruleIds: ['case-webhook'], status: 'active', createdBy: rootId }), secret: expect.stringMatching(/^whsec_/) });
    const listed = await admin.get('/webhooks');
    expect(listed.body.endpoints).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.secret);
    expect((await agent.get('/webhooks')).body.error.code).toBe('FORBIDDEN');
    expect((await agent.post('/webhooks', { name: 'x', url: 'https://example.com/', ruleIds: ['r'] })).body.error.code).toBe('FORBIDDEN');
    expect((await admin.delete(`/webhooks/${made.body.endpoint.id}`)).status).toBe(204);
    expect((await admin.delete(`/webhooks/${made.body.endpoint.id}`)).body.error.code).toBe('NOT_FOUND');
    const audit = await readAudit(database().db.knex, 'webhook', made.body.endpoint.id);
    expect(audit.map((a) => a.action)).toEqual(['webhook.create', 'webhook.delete']);
    expect(JSON.stringify(audit)).not.toContain(made.body.secret);
  });

  it('refuses inside addresses, URLs that are not http(s) or carry credentials, and malformed bodies, writing nothing', async () => {
    const { admin } = await start(false);
    for (const url of ['http://127.0.0.1:9/hook', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://10.0.0.8/']) {
      expect((await admin.post('/webhooks', { name: 'x', url, ruleIds: ['r'] })).body.error.code).toBe('OUTBOUND_ADDRESS_REFUSED');
    }
    expect((await admin.post('/webhooks', { name: 'x', url: 'file:///etc/passwd', ruleIds: ['r'] })).body.error.code).toBe('OUTBOUND_URL_INVALID');
    expect((await admin.post('/webhooks', { name: 'x', url: 'https://user:pw@203.0.113.9/', ruleIds: ['r'] })).body.error.code).toBe('OUTBOUND_URL_INVALID');
    expect((await admin.post('/webhooks', { name: 'x', url: 'not a url', ruleIds: ['r'] })).body.error.code).toBe('OUTBOUND_URL_INVALID');
    expect((await admin.post('/webhooks', { name: 'x', url: 'https://203.0.113.9/', ruleIds: [] })).body.error.code).toBe('INPUT_INVALID');
    expect((await admin.post('/webhooks', { name: 'x', url: 'https://203.0.113.9/', ruleIds: ['r'], secret: 'mine' })).body.error.code).toBe('INPUT_INVALID');
    expect(await database().db.knex('webhook_endpoints').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});
