import { createManualClock, readAudit } from '../../engine/index.js';
import { apiClient, identitySetup, identityTableCounts, seedUser, startApiTestApp, type ApiClient, type ApiTestApp } from '../../test/api-app.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { identityRoutes } from './identity.routes.js';

forEachDatabase('the identity API', (database) => {
  let app: ApiTestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));

  /** An app with an administrator `root` logged in. */
  const start = async (): Promise<{ admin: ApiClient; rootId: string }> => {
    const root = await seedUser(database().db, { login: 'root', roles: ['admin'] });
    app = await startApiTestApp(identitySetup(database().db, clock));
    const admin = apiClient(app.url);
    expect((await admin.login('root', root.password)).status).toBe(200);
    return { admin, rootId: root.id };
  };
  const loggedIn = async (login: string, password: string) => {
    const client = apiClient(app!.url);
    expect((await client.login(login, password)).status).toBe(200);
    return client;
  };
  const counts = () => identityTableCounts(database().db);

  it('answers FORBIDDEN to a non-administrator and UNAUTHENTICATED to nobody on every administrators’ endpoint, writing nothing', async () => {
    await start();
    const ann = await seedUser(database().db, { login: 'ann', roles: ['agent'] });
    const user = await loggedIn('ann', ann.password);
    const adminRoutes = identityRoutes({ db: database().db, clock, roleIds: async () => [] }).filter((r) => r.access === 'admin');
    expect(adminRoutes.length).toBeGreaterThan(20);
    const before = await counts();

    for (const definition of adminRoutes) {
      const path = definition.path.replace(/:(\w+)/g, 'x');
      const body = definition.method === 'get' || definition.method === 'delete' ? undefined : {};
      const asUser = await user.request(definition.method, path, body);
      const asNobody = await apiClient(app!.url).request(definition.method, path, body);
      expect([definition.method, definition.path, asUser.status, asUser.body.error.code]).toEqual([definition.method, definition.path, 403, 'FORBIDDEN']);
      expect([definition.method, definition.path, asNobody.status, asNobody.body.error.code]).toEqual([definition.method, definition.path, 401, 'UNAUTHENTICATED']);
    }
    expect(await counts()).toEqual(before);
  });

  it('keeps the organization tree in its paths: a move rewrites the whole subtree and is audited before and after', async () => {
    const { admin, rootId } = await start();
    const group = (await admin.post('/organizations', { name: 'Group', code: 'GRP' })).body;
    const europe = (await admin.post('/organizations', { name: 'Europe', parentId: group.id })).body;
    const france = (await admin.post('/organizations', { name: 'France', parentId: europe.id })).body;
    const lyon = (await admin.post('/organizations', { name: 'Lyon', parentId: france.id })).body;
    const asia = (await admin.post('/organizations', { name: 'Asia' })).body;
    expect(lyon.path).toBe(`/${group.id}/${europe.id}/${france.id}/${lyon.id}/`);

    const moved = await admin.post(`/organizations/${france.id}/move`, { parentId: asia.id });

    expect(moved.status).toBe(200);
    expect(moved.body).toEqual(expect.objectContaining({ id: france.id, parentId: asia.id, path: `/${asia.id}/${france.id}/` }));
    const paths = Object.fromEntries((await admin.get('/organizations')).body.organizations.map((o: { name: string; path: string }) => [o.name, o.path]));
    expect(paths).toEqual({
      Group: `/${group.id}/`,
      Europe: `/${group.id}/${europe.id}/`,
      Asia: `/${asia.id}/`,
      France: `/${asia.id}/${france.id}/`,
      Lyon: `/${asia.id}/${france.id}/${lyon.id}/`,
    });
    const [audit] = (await readAudit(database().db.knex, 'organization', france.id)).filter((a) => a.action === 'organization.move');
    expect(audit).toEqual(expect.objectContaining({ actor: rootId, details: { before: { parentId: europe.id, path: `/${group.id}/${europe.id}/${france.id}/` }, after: { parentId: asia.id, path: `/${asia.id}/${france.id}/` }, subtreeSize: 2 } }));

    const toTop = await admin.post(`/organizations/${france.id}/move`, { parentId: null });
    expect(toTop.body.path).toBe(`/${france.id}/`);
    expect((await admin.get('/organizations')).body.organizations.find((o: { name: string }) => o.name === 'Lyon').path).toBe(`/${france.id}/${lyon.id}/`);
  });

  it('refuses to move an organization under itself or its own descendant, and to an unknown parent, writing nothing', async () => {
    const { admin } = await start();
    const top = (await admin.post('/organizations', { name: 'Top' })).body;
    const middle = (await admin.post('/organizations', { name: 'Middle', parentId: top.id })).body;
    const bottom = (await admin.post('/organizations', { name: 'Bottom', parentId: middle.id })).body;
    const before = await counts();

    const underItself = await admin.post(`/organizations/${top.id}/move`, { parentId: top.id });
    const underDescendant = await admin.post(`/organizations/${top.id}/move`, { parentId: bottom.id });
    const underNothing = await admin.post(`/organizations/${middle.id}/move`, { parentId: 'no-such-organization' });
    const unknownOrganization = await admin.post('/organizations/no-such-organization/move', { parentId: null });

    expect([underItself.status, underItself.body.error.code]).toEqual([422, 'ORGANIZATION_CYCLE']);
    expect([underDescendant.status, underDescendant.body.error.code]).toEqual([422, 'ORGANIZATION_CYCLE']);
    expect([underNothing.status, underNothing.body.error.code]).toEqual([422, 'REFERENCE_NOT_FOUND']);
    expect(underNothing.body.error.details).toEqual([{ pointer: 'body/parentId', message: 'names no organization' }]);
    expect([unknownOrganization.status, unknownOrganization.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect(await counts()).toEqual(before);
    expect((await admin.get('/organizations')).body.organizations.map((o: { path: string }) => o.path)).toEqual([`/${top.id}/`, `/${top.id}/${middle.id}/`, `/${top.id}/${middle.id}/${bottom.id}/`]);
  });

  it('renames an organization with the change audited, and refuses a code another one has', async () => {
    const { admin } = await start();
    const acme = (await admin.post('/organizations', { name: 'ACME', code: 'ACME' })).body;
    await admin.post('/organizations', { name: 'Globex', code: 'GLOBEX' });

    const renamed = await admin.patch(`/organizations/${acme.id}`, { name: 'ACME Corporation' });
    const before = await counts();
    const taken = await admin.patch(`/organizations/${acme.id}`, { code: 'GLOBEX' });
    const duplicate = await admin.post('/organizations', { name: 'Other', code: 'ACME' });

    expect(renamed.body).toEqual(expect.objectContaining({ name: 'ACME Corporation', code: 'ACME' }));
    expect((await readAudit(database().db.knex, 'organization', acme.id)).at(-1)!.details).toEqual({ before: { name: 'ACME' }, after: { name: 'ACME Corporation' } });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'IDENTITY_DUPLICATE']);
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, 'IDENTITY_DUPLICATE']);
    expect(await counts()).toEqual(before);
  });

  it('checks every id a location, person or team refers to, writing nothing when one names nothing', async () => {
    const { admin } = await start();
    const acme = (await admin.post('/organizations', { name: 'ACME' })).body;
    const before = await counts();

    const refusals = [
      await admin.post('/locations', { organizationId: 'nope', name: 'HQ' }),
      await admin.post('/persons', { organizationId: acme.id, name: 'Ann', locationId: 'nope' }),
      await admin.post('/persons', { organizationId: acme.id, name: 'Ann', managerId: 'nope' }),
      await admin.post('/persons', { organizationId: 'nope', name: 'Ann' }),
      await admin.post('/teams', { organizationId: 'nope', name: 'Desk' }),
      await admin.post('/users', { login: 'ann', password: 'a long enough password', personId: 'nope' }),
      await admin.post('/users', { login: 'ann', password: 'a long enough password', organizationIds: [acme.id, 'nope'] }),
      await admin.post('/users', { login: 'ann', password: 'a long enough password', roles: ['agent', 'pope'] }),
    ];

    expect(refusals.map((r) => [r.status, r.body.error.code])).toEqual(Array(refusals.length).fill([422, 'REFERENCE_NOT_FOUND']));
    expect(refusals.at(-2)!.body.error.details).toEqual([{ pointer: 'body/organizationIds/1', message: 'names no organization' }]);
    expect(refusals.at(-1)!.body.error.details).toEqual([{ pointer: 'body/roles/1', message: 'names no role' }]);
    expect(await counts()).toEqual(before);
  });

  it('manages locations, persons (manager chains without cycles) and teams with their members', async () => {
    const { admin } = await start();
    const acme = (await admin.post('/organizations', { name: 'ACME' })).body;
    const hq = (await admin.post('/locations', { organizationId: acme.id, name: 'HQ', address: '1 Main St' })).body;
    const boss = (await admin.post('/persons', { organizationId: acme.id, name: 'Boss', email: 'boss@acme.test', locationId: hq.id })).body;
    const ann = (await admin.post('/persons', { organizationId: acme.id, name: 'Ann', managerId: boss.id })).body;
    const desk = (await admin.post('/teams', { organizationId: acme.id, name: 'Service desk' })).body;

    expect((await admin.put(`/teams/${desk.id}/members/${ann.id}`)).body.memberIds).toEqual([ann.id]);
    expect((await admin.put(`/teams/${desk.id}/members/${ann.id}`)).body.memberIds).toEqual([ann.id]);
    expect((await admin.put(`/teams/${desk.id}/members/${boss.id}`)).body.memberIds).toEqual([boss.id, ann.id].sort());
    expect((await admin.delete(`/teams/${desk.id}/members/${boss.id}`)).body.memberIds).toEqual([ann.id]);
    expect((await readAudit(database().db.knex, 'team', desk.id)).map((a) => a.action)).toEqual(['team.create', 'team.member-add', 'team.member-add', 'team.member-remove']);
    expect((await admin.put(`/teams/${desk.id}/members/nobody`)).body.error.code).toBe('NOT_FOUND');

    const cycle = await admin.patch(`/persons/${boss.id}`, { managerId: ann.id });
    expect([cycle.status, cycle.body.error.code]).toEqual([400, 'INPUT_INVALID']);
    const cleared = await admin.patch(`/persons/${ann.id}`, { managerId: null, phone: '+86 10 1234' });
    expect(cleared.body).toEqual(expect.objectContaining({ managerId: null, phone: '+86 10 1234' }));
    expect((await admin.patch(`/locations/${hq.id}`, { address: null })).body.address).toBeNull();
  });

  it('finds persons for a picker only in the caller’s organizations (administrators: all), taking % and _ literally', async () => {
    const { admin } = await start();
    const acme = (await admin.post('/organizations', { name: 'ACME' })).body;
    const globex = (await admin.post('/organizations', { name: 'Globex' })).body;
    const annPerson = (await admin.post('/persons', { organizationId: acme.id, name: 'Ann Smith', email: 'ann@acme.test' })).body;
    await admin.post('/persons', { organizationId: acme.id, name: 'Andy 100%' });
    await admin.post('/persons', { organizationId: globex.id, name: 'Anna Globex' });
    const gone = (await admin.post('/persons', { organizationId: acme.id, name: 'Ancient' })).body;
    await admin.patch(`/persons/${gone.id}`, { status: 'inactive' });
    const ann = await seedUser(database().db, { login: 'ann', personId: annPerson.id });
    const user = await loggedIn('ann', ann.password);
    const names = async (client: ApiClient, query: string) => (await client.get(`/persons${query}`)).body.persons?.map((p: { name: string }) => p.name);

    expect(await names(user, '?q=an')).toEqual(['Andy 100%', 'Ann Smith']);
    expect(await names(admin, '?q=an')).toEqual(['Andy 100%', 'Ann Smith', 'Anna Globex']);
    expect(await names(admin, '?q=an&includeInactive=true')).toEqual(['Ancient', 'Andy 100%', 'Ann Smith', 'Anna Globex']);
    expect(await names(user, '?q=%25')).toEqual(['Andy 100%']);
    expect(await names(user, '?q=_')).toEqual([]);
    expect(await names(user, '?q=acme.test')).toEqual(['Ann Smith']);
    expect((await user.get(`/persons?organizationId=${globex.id}`)).body.error.code).toBe('REFERENCE_OUT_OF_SCOPE');
    expect((await user.get('/persons?includeInactive=true')).body.error.code).toBe('FORBIDDEN');
  });

  it('creates a local account without ever answering its password, and changes credentials and identity only through their own endpoints', async () => {
    const { admin } = await start();
    const created = await admin.post('/users', { login: 'Ann.Smith', password: 'ann first password', roles: ['agent'], timeZone: 'Asia/Shanghai', language: 'zh-CN' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(expect.objectContaining({ login: 'ann.smith', kind: 'local', roles: ['agent'], timeZone: 'Asia/Shanghai', language: 'zh-CN', status: 'active' }));
    expect(JSON.stringify(created.body)).not.toMatch(/password|argon2/i);
    const before = await counts();

    // iTop CVE-2022-39214: a profile edit that carries a login, password, kind or roles is refused whole.
    for (const sneaky of [{ password: 'x'.repeat(20) }, { login: 'root' }, { kind: 'ldap' }, { roles: ['admin'] }, { passwordHash: 'x' }, { failedLogins: 0 }]) {
      const answer = await admin.patch(`/users/${created.body.id}`, { language: 'en', ...sneaky });
      expect([Object.keys(sneaky)[0], answer.status, answer.body.error.code]).toEqual([Object.keys(sneaky)[0], 400, 'INPUT_INVALID']);
    }
    expect((await admin.post('/users', { login: 'ANN.smith', password: 'another password!' })).body.error.code).toBe('IDENTITY_DUPLICATE');
    expect((await admin.patch(`/users/${created.body.id}`, { timeZone: 'Mars/Olympus' })).body.error.code).toBe('INPUT_INVALID');
    expect(await counts()).toEqual(before);

    const ann = await loggedIn('ann.smith', 'ann first password');
    expect((await admin.put(`/users/${created.body.id}/password`, { password: 'reset by the admin' })).status).toBe(204);
    expect((await ann.get('/auth/me')).status).toBe(401);
    await loggedIn('ann.smith', 'reset by the admin');
    const audit = await readAudit(database().db.knex, 'user', created.body.id);
    expect(audit.find((a) => a.action === 'user.password-set')!.details).toEqual({ sessionsEnded: 1 });
    expect(audit.find((a) => a.action === 'user.create')!.details).toEqual({ after: { login: 'ann.smith', kind: 'local', personId: null, language: 'zh-CN', timeZone: 'Asia/Shanghai', roles: ['agent'], organizationIds: [] } });
  });

  it('sets roles and allowed organizations, disables (ending sessions) and unlocks accounts, and never removes the last administrator', async () => {
    const { admin, rootId } = await start();
    const acme = (await admin.post('/organizations', { name: 'ACME' })).body;
    const ann = await seedUser(database().db, { login: 'ann' });
    const annClient = await loggedIn('ann', ann.password);

    expect((await admin.put(`/users/${ann.id}/roles`, { roles: ['customer', 'agent'] })).body.roles).toEqual(['agent', 'customer']);
    expect((await annClient.get('/auth/me')).body.user.roles).toEqual(['agent', 'customer']);
    expect((await admin.put(`/users/${ann.id}/organizations`, { organizationIds: [acme.id] })).body.organizationIds).toEqual([acme.id]);
    expect((await annClient.get('/auth/me')).body.user.organizationIds).toEqual([acme.id]);
    expect((await readAudit(database().db.knex, 'user', ann.id)).find((a) => a.action === 'user.roles')!.details).toEqual({ before: { roles: [] }, after: { roles: ['agent', 'customer'] } });

    const lastAdminRoles = await admin.put(`/users/${rootId}/roles`, { roles: ['agent'] });
    const lastAdminDisabled = await admin.patch(`/users/${rootId}`, { status: 'disabled' });
    expect([lastAdminRoles.status, lastAdminRoles.body.error.code]).toEqual([409, 'LAST_ADMIN']);
    expect(lastAdminDisabled.body.error.code).toBe('LAST_ADMIN');

    expect((await admin.patch(`/users/${ann.id}`, { status: 'disabled' })).body.status).toBe('disabled');
    expect((await annClient.get('/auth/me')).status).toBe(401);
    await admin.patch(`/users/${ann.id}`, { status: 'active' });

    for (let i = 0; i < 5; i += 1) await apiClient(app!.url).login('ann', 'a wrong password');
    expect((await apiClient(app!.url).login('ann', ann.password)).body.error.code).toBe('ACCOUNT_LOCKED');
    const unlocked = await admin.post(`/users/${ann.id}/unlock`);
    expect(unlocked.body).toEqual(expect.objectContaining({ failedLogins: 0, lockedUntil: null }));
    await loggedIn('ann', ann.password);
    expect((await admin.get('/roles')).body.roles).toEqual(['admin', 'agent', 'customer']);
  });

  it('lets an administrator’s API token read identities with the read scope and change them only with *', async () => {
    const { admin } = await start();
    const reader = (await admin.post('/auth/tokens', { name: 'reader', scopes: ['read'] })).body.secret;
    const writer = (await admin.post('/auth/tokens', { name: 'writer', scopes: ['*'] })).body.secret;
    const before = await counts();

    expect((await apiClient(app!.url, { token: reader }).get('/users')).status).toBe(200);
    const refused = await apiClient(app!.url, { token: reader }).post('/organizations', { name: 'Nope' });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(await counts()).toEqual(before);
    expect((await apiClient(app!.url, { token: writer }).post('/organizations', { name: 'Yes' })).status).toBe(201);
  });

  it('answers the directory sync with NOT_FOUND when no LDAP directory is configured', async () => {
    const { admin } = await start();
    expect((await admin.post('/directory/sync')).body.error.code).toBe('NOT_FOUND');
  });
});
