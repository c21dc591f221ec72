import { readAudit } from '../../engine/index.js';
import { apiClient, identitySetup, seedUser, startApiTestApp, type ApiTestApp } from '../../test/api-app.js';
import { catalogFixture } from '../../test/catalog-fixture.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, TEAMS } from '../../test/org-fixture.js';
import { catalogRoutes } from './catalog.routes.js';

forEachDatabase('the catalog API', (database) => {
  let app: ApiTestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const start = async () => {
    const { db } = database();
    const { catalog, clock, contract } = await catalogFixture(database());
    await contract(ORGS.a, [{ service: 'accounts' }, { service: 'printing' }]);
    const root = await seedUser(db, { login: 'root', roles: ['admin'] });
    const portalA = await seedUser(db, { login: 'portal-a', personId: PERSONS.amy, roles: ['employee'] });
    const portalB = await seedUser(db, { login: 'portal-b', personId: PERSONS.bob, roles: ['employee'] });
    const setup = identitySetup(db, clock);
    app = await startApiTestApp({ ...setup, routes: [...setup.routes, ...catalogRoutes({ catalog })] });
    const client = async (user: { login: string; password: string }) => {
      const c = apiClient(app!.url);
      await c.login(user.login, user.password);
      return c;
    };
    return { admin: await client(root), asA: await client(portalA), asB: await client(portalB), rootId: root.id };
  };

  it("shows a portal user their organization's catalog, and another organization's user nothing of it", async () => {
    const { asA, asB } = await start();
    const tree = await asA.get('/catalog?lang=zh-CN');
    expect(tree.status).toBe(200);
    expect(tree.body.families.map((f: { title: string }) => f.title)).toEqual(['办公IT']);
    expect((await asA.get('/catalog')).body.families[0].services.map((s: { title: string }) => s.title)).toEqual(['Accounts and passwords', 'Printing']);
    expect((await asA.get('/catalog/search?q=czmm')).body.entries.map((e: { ref: string }) => e.ref)).toEqual(['catalog-demo:reset-password']);

    expect((await asB.get('/catalog')).body).toEqual({ families: [] });
    expect((await asB.get('/catalog/search?q=czmm')).body).toEqual({ entries: [] });
    const hidden = await asB.get('/catalog/entries/catalog-demo:reset-password');
    const missing = await asB.get('/catalog/entries/catalog-demo:no-such-entry');
    expect([hidden.status, hidden.body.error.code]).toEqual([404, 'CATALOG_ENTRY_NOT_FOUND']);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'CATALOG_ENTRY_NOT_FOUND']);
  });

  it('resolves an offered entry in the caller’s language unless asked for another', async () => {
    const { asA } = await start();
    const resolved = await asA.get('/catalog/entries/catalog-demo:reset-password');
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ entry: { title: 'Reset a password' }, process: { bundle: 'catalog-demo', id: 'fulfil' }, startForm: { id: 'ask' }, sla: { id: 'standard' }, slaSource: 'entry', deliveringTeamId: null });
    expect((await asA.get('/catalog/entries/printer-fault?lang=zh-CN')).body.entry.title).toBe('打印机故障');
  });

  it('lets administrators keep contracts and delivery models, each change audited; nobody else', async () => {
    const { admin, asA, rootId } = await start();
    const made = await admin.post('/catalog/contracts', { organizationId: ORGS.b, name: 'B basic', startsOn: '2026-01-01', services: [{ service: 'rooms', slaPolicy: null }] });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ organizationId: ORGS.b, name: 'B basic', status: 'active', endsOn: null, services: [{ service: 'rooms', slaPolicy: null }] });
    const id = made.body.id as string;
    expect((await admin.get(`/catalog/contracts?organizationId=${ORGS.b}`)).body.contracts).toEqual([made.body]);
    const patched = await admin.patch(`/catalog/contracts/${id}`, { status: 'inactive', services: [{ service: 'rooms', slaPolicy: 'gold' }] });
    expect(patched.body).toMatchObject({ status: 'inactive', services: [{ service: 'rooms', slaPolicy: 'catalog-demo:gold' }] });
    expect((await admin.get(`/catalog/contracts/${id}`)).body).toEqual(patched.body);

    const put = await admin.put(`/catalog/delivery/${ORGS.a}/accounts`, { teamId: TEAMS.desk });
    expect(put.body).toMatchObject({ organizationId: ORGS.a, service: 'accounts', teamId: TEAMS.desk });
    expect((await asA.get('/catalog/entries/catalog-demo:reset-password')).body.deliveringTeamId).toBe(TEAMS.desk);
    expect((await admin.get('/catalog/delivery?service=accounts')).body.delivery).toEqual([put.body]);
    expect((await admin.delete(`/catalog/delivery/${ORGS.a}/accounts`)).status).toBe(204);
    expect((await admin.delete(`/catalog/delivery/${ORGS.a}/accounts`)).body.error.code).toBe('NOT_FOUND');

    for (const answer of [
      await asA.get('/catalog/contracts'),
      await asA.post('/catalog/contracts', { organizationId: ORGS.a, name: 'mine', startsOn: '2026-01-01', services: [] }),
      await asA.patch(`/catalog/contracts/${id}`, { status: 'active' }),
      await asA.put(`/catalog/delivery/${ORGS.a}/accounts`, { teamId: TEAMS.desk }),
      await asA.get('/catalog/delivery'),
    ]) {
      expect([answer.status, answer.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await apiClient(app!.url).get('/catalog')).body.error.code).toBe('UNAUTHENTICATED');
    const audit = await readAudit(database().db.knex, 'catalog_contract', id);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['catalog.contract.create', rootId], ['catalog.contract.update', rootId]]);
  });

  it('lets an administrator token with the read scope read contracts but not change them', async () => {
    const { admin } = await start();
    const token = (await admin.post('/auth/tokens', { name: 'reports', scopes: ['read'] })).body.secret as string;
    const reader = apiClient(app!.url, { token });
    expect((await reader.get('/catalog/contracts')).status).toBe(200);
    const refused = await reader.post('/catalog/contracts', { organizationId: ORGS.b, name: 'x', startsOn: '2026-01-01', services: [] });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses bad input with its code and pointer, writing nothing', async () => {
    const { admin, asA } = await start();
    const code = (answer: { body: { error: { code: string; details?: Array<{ pointer: string }> } } }) => [answer.body.error.code, answer.body.error.details?.[0]?.pointer];
    const contract = { organizationId: ORGS.b, name: 'B', startsOn: '2026-01-01', services: [] };
    expect(code(await admin.post('/catalog/contracts', { ...contract, price: 3 }))).toEqual(['INPUT_INVALID', 'body/price']);
    expect(code(await admin.post('/catalog/contracts', { ...contract, startsOn: '2026-13-01' }))).toEqual(['INPUT_INVALID', 'body/startsOn']);
    expect(code(await admin.post('/catalog/contracts', { ...contract, endsOn: '2025-12-31' }))).toEqual(['INPUT_INVALID', 'body/endsOn']);
    expect(code(await admin.post('/catalog/contracts', { ...contract, services: [{ service: 'Bad Id' }] }))).toEqual(['INPUT_INVALID', 'body/services/0/service']);
    expect(code(await admin.post('/catalog/contracts', { ...contract, services: [{ service: 'no-such-service' }] }))).toEqual(['REFERENCE_NOT_FOUND', 'body/services/0/service']);
    expect(code(await admin.post('/catalog/contracts', { ...contract, organizationId: 'org-nope' }))).toEqual(['REFERENCE_NOT_FOUND', 'body/organizationId']);
    expect(code(await admin.put(`/catalog/delivery/${ORGS.a}/accounts`, { teamId: 'team-nope' }))).toEqual(['REFERENCE_NOT_FOUND', 'body/teamId']);
    expect(code(await admin.patch('/catalog/contracts/no-such-id', { name: 'x' }))).toEqual(['NOT_FOUND', undefined]);
    expect(code(await asA.get(`/catalog/search?q=${'x'.repeat(101)}`))).toEqual(['INPUT_INVALID', 'query/q']);
    expect(code(await asA.get('/catalog/search'))).toEqual(['INPUT_INVALID', 'query']);
    expect(code(await asA.get('/catalog?lang=fr'))).toEqual(['INPUT_INVALID', 'query/lang']);
    expect(code(await asA.get('/catalog/search?q=mm&limit=500'))).toEqual(['INPUT_INVALID', 'query/limit']);
    expect(code(await asA.get('/catalog/entries/DROP%20TABLE'))).toEqual(['INPUT_INVALID', 'params/entry']);
    expect(await database().db.knex('catalog_contracts').count({ n: '*' })).toEqual([{ n: 1 }]);
    expect(await database().db.knex('catalog_delivery').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});
