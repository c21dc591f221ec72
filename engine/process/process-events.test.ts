import { join } from 'node:path';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, userIdOf } from '../../test/org-fixture.js';
import { recordsFixture } from '../../test/records-fixture.js';
import { createInstalledDefinitions } from '../bundle/installed-definitions.js';
import { createSchemaValidator } from '../bundle/schema-validator.js';
import { buildNotificationDefinitions, createNotificationEngine } from '../notify/notification-engine.js';
import { createProcessRuntime, createRecordEffectWriter } from './index.js';

const BUNDLE = join(REPO_ROOT, 'engine', 'process', 'fixtures', 'record-process-bundle');
const ANN = userIdOf(PERSONS.ann);
const SAM = userIdOf(PERSONS.sam);
const noScripts = { call: () => Promise.reject(new Error('no scripts in these tests')) };
/** A Monday, 16:00 in Shanghai: the desk calendar works 09–12 and 13–18 on weekdays. */
const MONDAY_4PM = new Date('2026-03-09T16:00:00+08:00');

async function setUp(t: TestDatabase) {
  const { clock, registry, types, store } = await recordsFixture(t, BUNDLE, MONDAY_4PM);
  await t.db.knex('user_roles').insert({ user_id: SAM, role_id: 'ticket-agents' });
  const notifications = createNotificationEngine({ db: t.db, clock, definitions: createInstalledDefinitions(registry, buildNotificationDefinitions, { maxAgeMs: 0 }), canRead: async () => true });
  const processes = createProcessRuntime({ db: t.db, clock, schemas: createSchemaValidator(), scripts: noScripts, recordEffects: createRecordEffectWriter({ records: store, types }) });
  processes.observe(notifications.processObserver);
  const ticket = await store.create({ type: await types.get('ticket'), organizationId: ORGS.a, callerId: PERSONS.ann, actor: ANN, fields: { subject: '显示器不亮' } });
  const instance = await processes.start({ bundle: 'record-process-tests', processId: 'ticket-flow', record: { id: ticket.id, type: 'ticket' }, actor: ANN });
  const openTask = async (elementId: string) => (await processes.tasks.list({ instanceId: instance.id })).find((task) => task.elementId === elementId)!;
  const inbox = async (userId: string) => ((await t.db.knex('inbox_notifications').where({ user_id: userId }).orderBy('id')) as Array<{ rule_id: string; subject: string }>).map((n) => [n.rule_id, n.subject]);
  return { processes, openTask, inbox, ticket };
}

forEachDatabase('task and process events', (database) => {
  it('tells the candidates of a new task, in the step that created it', async () => {
    const { inbox, ticket } = await setUp(database());
    expect(await inbox(SAM)).toEqual([['task-waiting', `${ticket.number}: Triage is waiting for you`]]);
    expect(await inbox(ANN)).toEqual([]);
  });

  it('tells the assignee and the requester when a task is claimed, and the requester when it is done and when the process ends', async () => {
    const { processes, openTask, inbox, ticket } = await setUp(database());
    await processes.tasks.claim((await openTask('triage')).id, { id: SAM, groups: ['ticket-agents'] });
    await processes.completeTask((await openTask('triage')).id, { id: SAM, groups: ['ticket-agents'] }, { priority: 'low' });
    await processes.completeTask((await openTask('wait')).id, { id: SAM, groups: ['ticket-agents'] }, {});
    expect(await inbox(ANN)).toEqual([
      ['task-taken', `${ticket.number}: Triage was taken`],
      ['task-done', `${ticket.number}: Triage is done`],
      ['task-done', `${ticket.number}: Wait for the customer is done`],
      ['ticket-closed', `${ticket.number} is closed`],
    ]);
    expect((await inbox(SAM)).map(([rule]) => rule)).toEqual(['task-waiting', 'task-taken', 'task-waiting']);
  });

  it('counts a task\'s due time in working hours of its calendar', async () => {
    const { processes, openTask } = await setUp(database());
    await processes.completeTask((await openTask('triage')).id, { id: SAM, groups: ['ticket-agents'] }, { priority: 'low' });
    // PT4H from Monday 16:00: two hours on Monday, two more from Tuesday 09:00.
    expect((await openTask('wait')).dueAt).toBe(new Date('2026-03-10T11:00:00+08:00').toISOString());
  });
});
