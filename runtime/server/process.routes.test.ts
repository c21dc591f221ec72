import { join } from 'node:path';
import { pino } from 'pino';
import {
  createBundleRegistry,
  createFileAttachmentStorage,
  createManualClock,
  createProcessRuntime,
  createRecordStore,
  createRecordTypes,
  createSchemaValidator,
  loadBundleFromPath,
  readAudit,
  type ProcessRuntime,
  type RecordView,
  type ScriptRunner,
} from '../../engine/index.js';
import { apiClient, identitySetup, seedUser, type ApiClient } from '../../test/api-app.js';
import { everyTableCount, expectRefused, hostileBodies, listenOnLoopback, sendHostile } from '../../test/bad-input.js';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, TEAMS, seedOrganizations, userIdOf } from '../../test/org-fixture.js';
import { createRecordAccess } from '../access/record-access.js';
import { createRoleCatalog } from '../access/role-catalog.js';
import { DEFAULT_HTTP_CONFIG } from '../config.js';
import { hashPassword } from '../identity/passwords.js';
import { createApp } from './app.js';
import { buildOpenApiDocument } from './openapi.js';
import { processRoutes } from './process.routes.js';

const BUNDLE = join(REPO_ROOT, 'runtime', 'server', 'fixtures', 'process-api-bundle');
const BUNDLE_NAME = 'process-api-tests';
const HTTP = { ...DEFAULT_HTTP_CONFIG, bodyLimitBytes: 64 * 1024, rateLimits: { api: { limit: 0, windowMs: 1000 }, login: { limit: 0, windowMs: 1000 } } };
const noScripts: ScriptRunner = { call: () => Promise.reject(new Error('no plugin runs in these tests')) };
const [ANN, BOB, SAM] = [userIdOf(PERSONS.ann), userIdOf(PERSONS.bob), userIdOf(PERSONS.sam)];

/**
 * The fixture organizations with two requests — A's (ann's, team desk) and B's (bob's, team B) —
 * a fulfil process on each (B's started first), and logged-in clients: ann and bob (requesters),
 * sam (desk agent in team desk), lee and lou (desk leads), root (administrator).
 */
async function world(t: TestDatabase) {
  const { db } = t;
  await seedOrganizations(db);
  const clock = createManualClock(new Date());
  const schemas = createSchemaValidator();
  const registry = createBundleRegistry({ db, clock, schemas });
  await registry.importBundles([await loadBundleFromPath(BUNDLE)], { actor: 'tester' });
  const recordTypes = createRecordTypes(registry, { maxAgeMs: 0 });
  const records = createRecordStore({ db, clock, types: recordTypes, attachments: createFileAttachmentStorage(join(t.dir, 'attachments')) });
  const processes = createProcessRuntime({ db, clock, schemas, scripts: noScripts });
  const access = createRecordAccess({ db, roles: createRoleCatalog(registry) });
  const identity = identitySetup(db, clock);
  const routes = processRoutes({ db, processes, access, records, recordTypes });
  const app = createApp({ log: pino({ level: 'silent' }), db, clock, routes: [...identity.routes, ...routes], config: { http: HTTP }, authenticate: identity.authenticate });
  const served = await listenOnLoopback(app);

  const passwords = new Map<string, string>();
  for (const [personId, roles] of [[PERSONS.ann, ['requester']], [PERSONS.bob, ['requester']], [PERSONS.sam, ['desk-agent']]] as const) {
    const password = `${personId}-password-long-enough`;
    await db.knex('users').where({ id: userIdOf(personId) }).update({ password_hash: await hashPassword(password) });
    await db.knex('user_roles').insert(roles.map((role_id) => ({ user_id: userIdOf(personId), role_id })));
    passwords.set(personId.replace('person-', ''), password);
  }
  const lee = await seedUser(db, { login: 'lee', roles: ['desk-lead'] });
  const lou = await seedUser(db, { login: 'lou', roles: ['desk-lead'] });
  const root = await seedUser(db, { login: 'root', roles: ['admin'] });
  for (const user of [lee, lou, root]) passwords.set(user.login, user.password);
  const login = async (name: string): Promise<ApiClient> => {
    const client = apiClient(served.url);
    expect((await client.login(name, passwords.get(name)!)).status).toBe(200);
    return client;
  };
  const clients = { ann: await login('ann'), bob: await login('bob'), sam: await login('sam'), lee: await login('lee'), lou: await login('lou'), root: await login('root') };

  const request = await recordTypes.get('request');
  const newRequest = (personId: string, organizationId: string, teamId: string) =>
    records.create({ type: request, organizationId, callerId: personId, teamId, actor: userIdOf(personId), fields: { subject: `Help for ${personId}` } });
  const reqB = await newRequest(PERSONS.bob, ORGS.b, TEAMS.bTeam);
  const reqA = await newRequest(PERSONS.ann, ORGS.a, TEAMS.desk);
  const startFor = async (record: RecordView, processId = 'fulfil') => {
    const answer = await clients.lee.post(`/records/request/${record.id}/processes`, { bundle: BUNDLE_NAME, processId });
    expect(answer.status).toBe(201);
    return answer.body as { id: string; recordId: string; businessKey: string; variables: Record<string, unknown> };
  };
  const instanceB = await startFor(reqB);
  const instanceA = await startFor(reqA);
  const openTask = async (processes: ProcessRuntime, instanceId: string) => (await processes.tasks.list({ instanceId }))[0]!;
  return {
    db,
    url: served.url,
    close: () => served.close(),
    clock,
    processes,
    routes,
    records,
    recordTypes,
    clients,
    users: { lee, lou, root },
    reqA,
    reqB,
    instanceA,
    instanceB,
    startFor,
    taskA: await openTask(processes, instanceA.id),
    taskB: await openTask(processes, instanceB.id),
    openTask: (instanceId: string) => openTask(processes, instanceId),
    counts: () => everyTableCount(db),
  };
}

type World = Awaited<ReturnType<typeof world>>;
const ids = (answer: { body: { items: Array<{ id: string }> } }) => answer.body.items.map((t) => t.id);

forEachDatabase('processes and tasks over HTTP', (database) => {
  let w: World | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });
  const setUp = async () => (w = await world(database()));

  it('starts a process for a record: bound to it, its business key, the record as a variable, audited', async () => {
    const { instanceA, reqA, taskA, db, users } = await setUp();

    expect(instanceA).toMatchObject({ recordId: reqA.id, businessKey: reqA.id, status: 'running', processId: 'fulfil', bundle: BUNDLE_NAME });
    expect(instanceA.variables['record']).toEqual({ id: reqA.id, type: 'request', number: reqA.number, organizationId: ORGS.a, callerId: PERSONS.ann, createdBy: ANN });
    expect(taskA).toMatchObject({ elementId: 'triage', candidateGroups: ['desk-agent', 'desk-lead'], record: { id: reqA.id, type: 'request', number: reqA.number, title: reqA.title } });
    const [audit] = await readAudit(db.knex, 'process-instance', instanceA.id);
    expect(audit).toMatchObject({ action: 'process.start', actor: users.lee.id, details: { recordId: reqA.id, processId: 'fulfil' } });
  });

  it("answers TASK_NOT_FOUND for another organization's task to every operation, by id, list, count and cursor, and writes nothing", async () => {
    const { clients, taskA, taskB, instanceA, reqA, counts } = await setUp();
    const { bob } = clients;
    const before = await counts();

    for (const [method, path, body] of [
      ['GET', `/tasks/${taskA.id}`],
      ['POST', `/tasks/${taskA.id}/claim`],
      ['POST', `/tasks/${taskA.id}/unclaim`],
      ['POST', `/tasks/${taskA.id}/complete`, { category: 'hardware' }],
      ['POST', `/tasks/${taskA.id}/reassign`, { assignee: BOB }],
    ] as const) {
      const answer = await bob.request(method, path, body);
      expect([method, path, answer.status, answer.body.error.code]).toEqual([method, path, 404, 'TASK_NOT_FOUND']);
    }
    for (const [method, path, body] of [['GET', `/processes/${instanceA.id}`], ['GET', `/processes/${instanceA.id}/history`], ['POST', `/processes/${instanceA.id}/cancel`, {}]] as const) {
      const answer = await bob.request(method, path, body);
      expect([method, path, answer.status, answer.body.error.code]).toEqual([method, path, 404, 'PROCESS_INSTANCE_NOT_FOUND']);
    }
    const start = await bob.post(`/records/request/${reqA.id}/processes`, { bundle: BUNDLE_NAME, processId: 'fulfil' });
    expect([start.status, start.body.error.code]).toEqual([404, 'RECORD_NOT_FOUND']);

    // Bob's own task is there, in every list that should hold it and no other.
    expect(ids(await bob.get('/tasks?view=all'))).toEqual([taskB.id]);
    expect((await bob.get('/tasks/count?view=all')).body).toEqual({ count: 1 });
    expect(ids(await bob.get('/tasks?view=queue'))).toEqual([]);
    expect((await bob.get('/tasks/count?view=queue')).body).toEqual({ count: 0 });
    // A cursor is a position, not a permission: the administrator's cursor after B's task reaches nothing more for bob.
    const firstPage = await clients.root.get('/tasks?view=all&limit=1');
    expect(ids(firstPage)).toEqual([taskB.id]);
    expect(ids(await clients.root.get(`/tasks?view=all&limit=1&cursor=${firstPage.body.nextCursor}`))).toEqual([taskA.id]);
    const afterCursor = await bob.get(`/tasks?view=all&cursor=${firstPage.body.nextCursor}`);
    expect([afterCursor.status, ids(afterCursor), afterCursor.body.nextCursor]).toEqual([200, [], null]);
    expect((await bob.get('/tasks?view=all&cursor=not-a-cursor')).body.error.code).toBe('INPUT_INVALID');
    expect(await counts()).toEqual(before);
  });

  it("gives an agent the queue of their team's requests only; a claim moves the task to theirs, once", async () => {
    const { clients, taskA, taskB, db, users } = await setUp();
    const { sam, lee, lou, ann } = clients;

    expect(ids(await sam.get('/tasks?view=queue'))).toEqual([taskA.id]);
    expect((await sam.get('/tasks/count?view=queue')).body).toEqual({ count: 1 });
    expect(ids(await lee.get('/tasks?view=queue'))).toEqual([taskB.id, taskA.id]);
    expect((await sam.post(`/tasks/${taskB.id}/claim`)).body.error.code).toBe('TASK_NOT_FOUND');
    // The requester sees the task on her own request, but is no candidate for it.
    expect(ids(await ann.get('/tasks?view=all'))).toEqual([taskA.id]);
    expect((await ann.post(`/tasks/${taskA.id}/claim`)).body.error.code).toBe('TASK_NOT_ALLOWED');

    const claimed = await sam.post(`/tasks/${taskA.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ id: taskA.id, assignee: SAM, status: 'open' });
    expect(ids(await sam.get('/tasks?view=queue'))).toEqual([]);
    expect(ids(await sam.get('/tasks?view=mine'))).toEqual([taskA.id]);
    expect((await sam.get('/tasks/count?view=mine')).body).toEqual({ count: 1 });
    const second = await lee.post(`/tasks/${taskA.id}/claim`);
    expect([second.status, second.body.error.code]).toEqual([409, 'TASK_ALREADY_CLAIMED']);

    // Two leads race for B's task: exactly one wins.
    const race = await Promise.all([lee.post(`/tasks/${taskB.id}/claim`), lou.post(`/tasks/${taskB.id}/claim`)]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(race.find((r) => r.status === 409)!.body.error.code).toBe('TASK_ALREADY_CLAIMED');
    const claims = (await readAudit(db.knex, 'task', taskB.id)).filter((a) => a.action === 'task.claim');
    expect(claims).toHaveLength(1);
    expect([users.lee.id, users.lou.id]).toContain(claims[0]!.actor);

    const unclaimed = await sam.post(`/tasks/${taskA.id}/unclaim`);
    expect(unclaimed.body).toMatchObject({ assignee: null });
    expect((await lee.post(`/tasks/${taskA.id}/unclaim`)).body.error.code).toBe('TASK_NOT_ALLOWED');
    expect((await readAudit(db.knex, 'task', taskA.id)).map((a) => [a.action, a.actor])).toEqual([
      ['task.claim', SAM],
      ['task.unclaim', SAM],
    ]);
  });

  it('shows a task with its form, validates the completion against it, and completes a task once', async () => {
    const { clients, taskA, instanceA, processes, counts, openTask, db } = await setUp();
    const { sam, ann } = clients;

    const shown = await sam.get(`/tasks/${taskA.id}`);
    expect(shown.body).toMatchObject({ id: taskA.id, formKey: 'triage', form: { key: 'triage', titleKey: 'form.triage', schema: { required: ['category'] }, uiSchema: { note: { 'ui:widget': 'textarea' } } } });

    const before = await counts();
    const invalid = await sam.post(`/tasks/${taskA.id}/complete`, { category: 'printer', note: 7, extra: true });
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'INPUT_INVALID']);
    expect(invalid.body.error.details.map((d: { pointer: string }) => d.pointer).sort()).toEqual(['body', 'body/category', 'body/note']);
    const missing = await sam.post(`/tasks/${taskA.id}/complete`, {});
    expect(missing.body.error.details).toEqual([expect.objectContaining({ pointer: 'body/category' })]);
    expect(await counts()).toEqual(before);
    expect(await processes.getInstance(instanceA.id)).toMatchObject({ version: 1, status: 'running' });

    const done = await sam.post(`/tasks/${taskA.id}/complete`, { category: 'hardware', note: 'new toner' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ task: { id: taskA.id, status: 'completed', completedBy: SAM }, instance: { id: instanceA.id, status: 'running', version: 2 } });
    const again = await sam.post(`/tasks/${taskA.id}/complete`, { category: 'hardware' });
    expect([again.status, again.body.error.code]).toEqual([409, 'TASK_NOT_OPEN']);

    // The next task is the requester's own; she may read the process but not its variables.
    const confirm = await openTask(instanceA.id);
    expect(confirm).toMatchObject({ elementId: 'confirm', assignee: ANN });
    expect(ids(await ann.get('/tasks?view=mine'))).toEqual([confirm.id]);
    expect((await ann.post(`/tasks/${confirm.id}/complete`, { resolved: true })).body).toMatchObject({ instance: { status: 'completed' } });
    expect((await ann.get(`/processes/${instanceA.id}`)).body).toMatchObject({ status: 'completed', recordId: w!.reqA.id, variables: null });
    expect((await sam.get(`/processes/${instanceA.id}`)).body.variables).toMatchObject({ category: 'hardware', note: 'new toner', resolved: true });
    expect((await readAudit(db.knex, 'task', taskA.id)).map((a) => a.action)).toEqual(['task.complete']);
    expect((await readAudit(db.knex, 'task', confirm.id))[0]).toMatchObject({ action: 'task.complete', actor: ANN, details: { fields: ['resolved'], recordId: w!.reqA.id } });
  });

  it("reassigns with an assign grant on the record, only to users in the record's reach", async () => {
    const { clients, taskA, db } = await setUp();
    const { sam, ann, lee } = clients;
    const colleague = await seedUser(db, { login: 'sam2', personId: PERSONS.sam });

    expect((await ann.post(`/tasks/${taskA.id}/reassign`, { assignee: SAM })).body.error.code).toBe('FORBIDDEN');
    for (const assignee of [BOB, ANN, w!.users.lee.id, 'no-such-user']) {
      const refused = await sam.post(`/tasks/${taskA.id}/reassign`, { assignee });
      expect([assignee, refused.status, refused.body.error.code]).toEqual([assignee, 422, 'REFERENCE_OUT_OF_SCOPE']);
    }
    const moved = await sam.post(`/tasks/${taskA.id}/reassign`, { assignee: colleague.id, reason: 'on leave' });
    expect(moved.body).toMatchObject({ assignee: colleague.id });
    // A lead with assign on every request may take it from whoever holds it.
    expect((await lee.post(`/tasks/${taskA.id}/reassign`, { assignee: SAM })).body).toMatchObject({ assignee: SAM });
    expect((await readAudit(db.knex, 'task', taskA.id)).map((a) => [a.action, a.actor, a.details])).toEqual([
      ['task.reassign', SAM, { from: null, to: colleague.id, reason: 'on leave', recordId: w!.reqA.id }],
      ['task.reassign', w!.users.lee.id, { from: colleague.id, to: SAM, recordId: w!.reqA.id }],
    ]);
  });

  it('cancels where granted: open tasks cancelled, waits dropped, history and audit; refused where not', async () => {
    const { clients, instanceA, taskA, db, processes, reqA } = await setUp();
    const { sam, bob, lee, ann } = clients;
    expect(await db.knex('process_subscriptions').where({ instance_id: instanceA.id }).count({ n: '*' })).toEqual([{ n: 1 }]);

    expect((await sam.post(`/processes/${instanceA.id}/cancel`, {})).body.error.code).toBe('FORBIDDEN');
    expect((await ann.post(`/processes/${instanceA.id}/cancel`, {})).body.error.code).toBe('FORBIDDEN');
    expect((await bob.post(`/processes/${instanceA.id}/cancel`, {})).body.error.code).toBe('PROCESS_INSTANCE_NOT_FOUND');
    const cancelled = await lee.post(`/processes/${instanceA.id}/cancel`, { reason: 'duplicate' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: instanceA.id, status: 'cancelled', version: 2, endedAt: expect.any(String) });

    expect((await processes.tasks.get(taskA.id)).status).toBe('cancelled');
    expect(ids(await sam.get('/tasks?view=queue'))).toEqual([]);
    expect((await sam.post(`/tasks/${taskA.id}/claim`)).body.error.code).toBe('TASK_NOT_OPEN');
    expect(await db.knex('process_subscriptions').where({ instance_id: instanceA.id }).count({ n: '*' })).toEqual([{ n: 0 }]);
    await expect(processes.correlateMessage('vendor-replied', reqA.id, {}, 'vendor')).rejects.toMatchObject({ code: 'MESSAGE_NOT_CORRELATED' });
    const history = (await ann.get(`/processes/${instanceA.id}/history`)).body.items as Array<{ event: string; actor: string }>;
    expect(history.at(-1)).toMatchObject({ event: 'cancel', actor: w!.users.lee.id });
    expect((await readAudit(db.knex, 'process-instance', instanceA.id)).map((a) => [a.action, a.details])).toEqual([
      ['process.start', expect.anything()],
      ['process.cancel', { processId: 'fulfil', recordId: reqA.id, reason: 'duplicate' }],
    ]);
    const again = await lee.post(`/processes/${instanceA.id}/cancel`, {});
    expect([again.status, again.body.error.code]).toEqual([409, 'PROCESS_NOT_RUNNING']);
  });

  it('reads history only in scope, and correlates messages by the record id', async () => {
    const { clients, instanceA, instanceB, reqA, processes } = await setUp();
    await processes.correlateMessage('vendor-replied', reqA.id, { vendorSays: 'shipped' }, 'vendor');

    const history = await clients.ann.get(`/processes/${instanceA.id}/history`);
    expect(history.body.items.map((e: { elementId: string; event: string }) => `${e.event} ${e.elementId}`)).toEqual(expect.arrayContaining(['enter triage', 'leave vendorReplied', 'leave noted']));
    expect((await clients.sam.get(`/processes/${instanceA.id}/history`)).status).toBe(200);
    expect((await clients.sam.get(`/processes/${instanceB.id}/history`)).body.error.code).toBe('PROCESS_INSTANCE_NOT_FOUND');
    expect((await clients.bob.get(`/processes/${instanceA.id}`)).body.error.code).toBe('PROCESS_INSTANCE_NOT_FOUND');
    expect((await processes.getInstance(instanceB.id)).variables['vendorSays']).toBeUndefined();
  });

  it('starts a process only with update on the record, of the process’s record type, from a valid body', async () => {
    const { clients, reqA, reqB, records, recordTypes, counts, url } = await setUp();
    const { ann, sam, root } = clients;
    const body = { bundle: BUNDLE_NAME, processId: 'fulfil' };

    expect((await ann.post(`/records/request/${reqA.id}/processes`, body)).body.error.code).toBe('FORBIDDEN');
    expect((await sam.post(`/records/request/${reqB.id}/processes`, body)).body.error.code).toBe('RECORD_NOT_FOUND');
    expect((await sam.post(`/records/change/${reqA.id}/processes`, body)).body.error.code).toBe('RECORD_NOT_FOUND');
    expect((await sam.post(`/records/request/${reqA.id}/processes`, { ...body, bundle: 'no-such-bundle' })).body.error.code).toBe('BUNDLE_NOT_FOUND');
    expect((await sam.post(`/records/request/${reqA.id}/processes`, { ...body, processId: 'nope' })).body.error.code).toBe('PROCESS_NOT_FOUND');
    const reserved = await sam.post(`/records/request/${reqA.id}/processes`, { ...body, variables: { record: { id: 'forged' } } });
    expect(reserved.body.error).toMatchObject({ code: 'INPUT_INVALID', details: [{ pointer: 'body/variables/record', message: expect.any(String) }] });
    const change = await records.create({ type: await recordTypes.get('change'), organizationId: ORGS.a, actor: 'tester', fields: { subject: 'Swap the router' } });
    const wrongType = await root.post(`/records/change/${change.id}/processes`, body);
    expect(wrongType.body.error).toMatchObject({ code: 'INPUT_INVALID', details: [{ pointer: 'body/processId', message: expect.stringContaining('request') }] });

    const before = await counts();
    const cookie = { cookie: `flowdesk_session=${sam.sessionSecret}`, 'x-csrf-token': sam.csrfToken! };
    for (const hostile of hostileBodies({ ...body, variables: { note: 'x' } }, { bodyLimitBytes: HTTP.bodyLimitBytes })) {
      const response = await sendHostile(`${url}/api/v1/records/request/${reqA.id}/processes`, 'POST', hostile, cookie);
      await expectRefused(response, hostile.expected).catch((error: Error) => {
        throw new Error(`${hostile.name}: ${error.message}`);
      });
    }
    expect(await counts()).toEqual(before);

    const byNumber = await sam.post(`/records/request/${reqA.number.toLowerCase()}/processes`, { ...body, variables: { urgency: 2 } });
    expect(byNumber.status).toBe(201);
    expect(byNumber.body).toMatchObject({ recordId: reqA.id, variables: { urgency: 2 } });
  });

  it('refuses hostile completion bodies with INPUT_INVALID and advances nothing', async () => {
    const { clients, taskA, counts, url, processes, instanceA } = await setUp();
    const { sam } = clients;
    const before = await counts();
    const cookie = { cookie: `flowdesk_session=${sam.sessionSecret}`, 'x-csrf-token': sam.csrfToken! };
    for (const hostile of hostileBodies({ category: 'hardware', note: 'ok' }, { bodyLimitBytes: HTTP.bodyLimitBytes })) {
      const response = await sendHostile(`${url}/api/v1/tasks/${taskA.id}/complete`, 'POST', hostile, cookie);
      await expectRefused(response, hostile.expected).catch((error: Error) => {
        throw new Error(`${hostile.name}: ${error.message}`);
      });
    }
    expect(await counts()).toEqual(before);
    expect(await processes.getInstance(instanceA.id)).toMatchObject({ version: 1 });
  });

  it('shows tasks of processes without a record to their candidates and assignee only, and such processes to administrators only', async () => {
    const { clients, processes, users } = await setUp();
    const { sam, ann, lee, root } = clients;
    const loose = await processes.start({ bundle: BUNDLE_NAME, processId: 'fulfil', variables: { record: { createdBy: ANN } }, actor: 'system' });
    const task = (await processes.tasks.list({ instanceId: loose.id }))[0]!;
    expect(loose).toMatchObject({ recordId: null, businessKey: null });

    expect(ids(await sam.get('/tasks?view=queue'))).toContain(task.id);
    expect((await sam.get(`/tasks/${task.id}`)).status).toBe(200);
    expect((await ann.get(`/tasks/${task.id}`)).body.error.code).toBe('TASK_NOT_FOUND');
    expect(ids(await ann.get('/tasks?view=all'))).not.toContain(task.id);
    expect((await sam.post(`/tasks/${task.id}/claim`)).body).toMatchObject({ assignee: SAM });
    expect((await sam.post(`/tasks/${task.id}/unclaim`)).body).toMatchObject({ assignee: null });
    expect((await sam.get(`/processes/${loose.id}`)).body.error.code).toBe('PROCESS_INSTANCE_NOT_FOUND');
    expect((await root.get(`/processes/${loose.id}`)).body).toMatchObject({ id: loose.id, variables: { record: { createdBy: ANN } } });
    expect((await sam.post(`/tasks/${task.id}/reassign`, { assignee: SAM })).body.error.code).toBe('FORBIDDEN');
    expect((await root.post(`/tasks/${task.id}/reassign`, { assignee: 'no-such-user' })).body.error.code).toBe('REFERENCE_NOT_FOUND');
    expect((await root.post(`/tasks/${task.id}/reassign`, { assignee: users.lee.id })).body).toMatchObject({ assignee: users.lee.id });
    // Now held by lee: sam still sees it as a candidate, but it has left his queue.
    expect(ids(await lee.get('/tasks?view=mine'))).toEqual([task.id]);
    expect(ids(await sam.get('/tasks?view=queue'))).not.toContain(task.id);
    expect((await sam.post(`/tasks/${task.id}/claim`)).body.error.code).toBe('TASK_ALREADY_CLAIMED');
    expect((await lee.post(`/processes/${loose.id}/cancel`, {})).body.error.code).toBe('PROCESS_INSTANCE_NOT_FOUND');
    expect((await root.post(`/processes/${loose.id}/cancel`, {})).body).toMatchObject({ status: 'cancelled' });
  });

  it('lets only those who may update the record take a task without candidates; team ids are candidate groups too', async () => {
    const { clients, reqA, startFor, openTask, db } = await setUp();
    const { ann, sam } = clients;
    const handover = await startFor(reqA, 'handover');
    const note = await openTask(handover.id);
    expect(note).toMatchObject({ assignee: null, candidateUsers: [], candidateGroups: [] });
    expect((await ann.post(`/tasks/${note.id}/claim`)).body.error.code).toBe('TASK_NOT_ALLOWED');
    expect((await ann.post(`/tasks/${note.id}/complete`, {})).body.error.code).toBe('TASK_NOT_ALLOWED');
    expect(ids(await sam.get('/tasks?view=queue'))).not.toContain(note.id);

    // A team queue: the task offered to the desk team by its id.
    await db.knex('process_task_candidates').insert({ task_id: note.id, kind: 'group', value: TEAMS.desk });
    expect(ids(await sam.get('/tasks?view=queue'))).toContain(note.id);
    expect((await sam.post(`/tasks/${note.id}/complete`, {})).body).toMatchObject({ task: { status: 'completed', completedBy: SAM }, instance: { status: 'completed' } });
  });

  it('lets an API token work tasks only with the update scope', async () => {
    const { clients, taskA, url } = await setUp();
    const made = await clients.sam.post('/auth/tokens', { name: 'reader', scopes: ['read'] });
    const reader = apiClient(url, { token: made.body.secret });
    expect(ids(await reader.get('/tasks?view=queue'))).toEqual([taskA.id]);
    expect((await reader.post(`/tasks/${taskA.id}/claim`)).body.error.code).toBe('FORBIDDEN');
    const worker = apiClient(url, { token: (await clients.sam.post('/auth/tokens', { name: 'worker', scopes: ['read', 'update'] })).body.secret });
    expect((await worker.post(`/tasks/${taskA.id}/claim`)).body).toMatchObject({ assignee: SAM });
  });

  it('declares routes the OpenAPI document can describe', async () => {
    const { routes } = await setUp();
    const document = buildOpenApiDocument(routes, { version: '0.0.0' });
    expect(Object.keys(document.paths).sort()).toEqual([
      '/processes/{id}',
      '/processes/{id}/cancel',
      '/processes/{id}/history',
      '/records/{type}/{key}/processes',
      '/tasks',
      '/tasks/count',
      '/tasks/{id}',
      '/tasks/{id}/claim',
      '/tasks/{id}/complete',
      '/tasks/{id}/reassign',
      '/tasks/{id}/unclaim',
    ]);
  });
});
