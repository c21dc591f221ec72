import { apiClient, identitySetup, seedUser, startApiTestApp, type ApiTestApp } from '../../test/api-app.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, seedOrganizations, userIdOf } from '../../test/org-fixture.js';
import { systemClock } from '../../engine/index.js';
import { peopleRoutes } from './people.routes.js';

forEachDatabase('the people lookup', (database) => {
  let app: ApiTestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const start = async () => {
    const { db } = database();
    await seedOrganizations(db);
    const users = {
      ann: await seedUser(db, { login: 'ann-portal', personId: PERSONS.ann, roles: ['employee'] }),
      bob: await seedUser(db, { login: 'bob-portal', personId: PERSONS.bob, roles: ['employee'] }),
      root: await seedUser(db, { login: 'root', roles: ['admin'] }),
    };
    const setup = identitySetup(db, systemClock);
    app = await startApiTestApp({ ...setup, routes: [...setup.routes, ...peopleRoutes({ db })] });
    const as = async (user: { login: string; password: string }) => {
      const client = apiClient(app!.url);
      await client.login(user.login, user.password);
      return client;
    };
    return { ann: await as(users.ann), bob: await as(users.bob), root: await as(users.root) };
  };

  it("finds persons of the caller's organization and its branches, never another organization's", async () => {
    const { ann, bob, root } = await start();
    const names = async (client: typeof ann, query: string) => ((await client.get(`/people?${query}`)).body.items as Array<{ name: string }>).map((p) => p.name);
    // ann is in A; amy is in A-East, below A.
    expect(await names(ann, '')).toEqual(['amy', 'ann']);
    expect(await names(ann, 'q=my')).toEqual(['amy']);
    expect(await names(ann, 'q=bob')).toEqual([]);
    expect(await names(ann, `ids=${PERSONS.bob}`)).toEqual([]);
    expect(await names(bob, '')).toEqual(['bob']);
    expect((await names(root, '')).sort()).toEqual(['amy', 'ann', 'bob', 'sam']);
  });

  it('finds accounts by login with kind=user, answering user ids, and takes % and _ literally', async () => {
    const { ann } = await start();
    const found = await ann.get('/people?kind=user&q=amy');
    expect(found.body.items).toEqual([{ id: userIdOf(PERSONS.amy), name: 'amy', login: 'amy', email: 'person-amy@example.test', organizationId: ORGS.aEast, organizationName: 'Customer A East' }]);
    expect((await ann.get(`/people?kind=user&ids=${userIdOf(PERSONS.ann)}`)).body.items.map((p: { login: string }) => p.login)).toEqual(['ann']);
    expect((await ann.get('/people?q=%25')).body.items).toEqual([]);
    expect((await ann.get('/people?q=_')).body.items).toEqual([]);
  });

  it('refuses bad input and anonymous callers', async () => {
    const { ann } = await start();
    expect((await ann.get('/people?kind=team')).body.error.code).toBe('INPUT_INVALID');
    expect((await ann.get(`/people?q=${'x'.repeat(101)}`)).body.error.code).toBe('INPUT_INVALID');
    expect((await apiClient(app!.url).get('/people')).status).toBe(401);
  });
});
