import { join } from 'node:path';
import { createBundleRegistry, createFileAttachmentStorage, createInstalledDefinitions, createManualClock, createNotificationEngine, buildNotificationDefinitions, createRecordStore, createRecordTypes, createSchemaValidator, createSurveyDefinitionSource, createSurveyEngine, loadBundleFromPath } from '../../engine/index.js';
import { apiClient, identitySetup, startApiTestApp, type ApiTestApp } from '../../test/api-app.js';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, seedOrganizations, userIdOf } from '../../test/org-fixture.js';
import { createRecordAccess } from '../access/record-access.js';
import { createRoleCatalog } from '../access/role-catalog.js';
import { hashPassword } from '../identity/passwords.js';
import { recordRoutes } from './records.routes.js';

const BUNDLE = join(REPO_ROOT, 'engine', 'process', 'fixtures', 'record-process-bundle');
const PASSWORD = 'a long enough test password';
const ALL = { kind: 'all' } as const;

async function setUp(t: TestDatabase) {
  const { db } = t;
  await seedOrganizations(db);
  await db.knex('users').update({ password_hash: await hashPassword(PASSWORD) });
  await db.knex('user_roles').insert([
    { user_id: userIdOf(PERSONS.ann), role_id: 'ticket-requester' },
    { user_id: userIdOf(PERSONS.amy), role_id: 'ticket-requester' },
    { user_id: userIdOf(PERSONS.sam), role_id: 'ticket-agents' },
  ]);
  const clock = createManualClock(new Date('2026-03-09T02:00:00Z'));
  const registry = createBundleRegistry({ db, clock, schemas: createSchemaValidator() });
  await registry.importBundles([await loadBundleFromPath(BUNDLE)], { actor: 'tester' });
  const types = createRecordTypes(registry, { maxAgeMs: 0 });
  const store = createRecordStore({ db, clock, types, attachments: createFileAttachmentStorage(join(t.dir, 'attachments')) });
  const notifications = createNotificationEngine({ db, clock, definitions: createInstalledDefinitions(registry, buildNotificationDefinitions, { maxAgeMs: 0 }), canRead: async () => true });
  const surveys = createSurveyEngine({ db, clock, definitions: createSurveyDefinitionSource(registry, { maxAgeMs: 0 }), notify: notifications.notifyRule, records: store, types });
  store.observe(surveys.observer);
  const roles = createRoleCatalog(registry);
  const access = createRecordAccess({ db, roles });
  const identity = identitySetup(db, clock, { roleIds: await roles.roleIds() });
  const app = await startApiTestApp({ ...identity, routes: [...identity.routes, ...recordRoutes({ clock, store, types, access, surveys, db })] });
  const as = async (login: string) => {
    const client = apiClient(app.url);
    await client.login(login, PASSWORD);
    return client;
  };
  const ticket = await store.create({ type: await types.get('ticket'), organizationId: ORGS.a, callerId: PERSONS.ann, actor: userIdOf(PERSONS.ann), fields: { subject: '打印机卡纸' } });
  await store.update(ticket.id, { expectedVersion: 1, state: 'done' }, ALL, userIdOf(PERSONS.sam));
  return { app, as, ticket, db };
}

forEachDatabase('survey routes', (database) => {
  let app: ApiTestApp | undefined;
  afterEach(() => app?.close());

  it('lists the requester\'s open survey, takes their answer once, and shows it to whoever reads the record', async () => {
    const set = await setUp(database());
    app = set.app;
    const ann = await set.as('ann');
    const mine = await ann.get('/surveys');
    expect(mine.body.surveys).toEqual([expect.objectContaining({ recordId: set.ticket.id, status: 'open', round: 1 })]);
    const path = `/records/ticket/${set.ticket.number}/survey`;
    expect((await ann.post(path, { ratings: { speed: 0, attitude: 5, result: 5 } })).body.error.code).toBe('INPUT_INVALID');
    const answered = await ann.post(path, { ratings: { speed: 5, attitude: 4, result: 5 }, comment: '谢谢' });
    expect([answered.status, answered.body.status, answered.body.average]).toEqual([200, 'answered', 4.67]);
    expect((await ann.post(path, { ratings: { speed: 5, attitude: 5, result: 5 } })).body.error.code).toBe('SURVEY_CLOSED');
    const sam = await set.as('sam');
    expect((await sam.get(path)).body.survey).toMatchObject({ status: 'answered', ratings: { speed: 5, attitude: 4, result: 5 }, comment: '谢谢' });
    expect((await sam.get('/surveys')).body.surveys).toEqual([]);
  });

  it('lets nobody else answer: an agent who reads the record is not asked, another customer does not see it', async () => {
    const set = await setUp(database());
    app = set.app;
    const path = `/records/ticket/${set.ticket.number}/survey`;
    const ratings = { speed: 1, attitude: 1, result: 1 };
    expect((await (await set.as('sam')).post(path, { ratings })).body.error.code).toBe('SURVEY_NOT_FOUND');
    expect((await (await set.as('amy')).post(path, { ratings })).body.error.code).toBe('RECORD_NOT_FOUND');
    expect(await set.db.knex('survey_responses').where({ status: 'open' }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });
});
