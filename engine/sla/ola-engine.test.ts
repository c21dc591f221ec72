import { join } from 'node:path';
import { advanceRunningJobs } from '../../test/advance-jobs.js';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, userIdOf } from '../../test/org-fixture.js';
import { recordsFixture } from '../../test/records-fixture.js';
import { readAudit } from '../audit/audit-log.js';
import { createInstalledDefinitions } from '../bundle/installed-definitions.js';
import { createSchemaValidator } from '../bundle/schema-validator.js';
import { createJobRunner } from '../jobs/job-runner.js';
import { buildNotificationDefinitions, createNotificationEngine, taskValues } from '../notify/notification-engine.js';
import { createProcessRuntime, createRecordEffectWriter } from '../process/index.js';
import { createOlaEngine } from './ola-engine.js';
import { createSlaDefinitionSource } from './sla-definitions.js';

const BUNDLE = join(REPO_ROOT, 'engine', 'process', 'fixtures', 'record-process-bundle');
const ANN = userIdOf(PERSONS.ann);
const SAM = userIdOf(PERSONS.sam);
const AGENT = { id: SAM, groups: ['ticket-agents'] };
const noScripts = { call: () => Promise.reject(new Error('no scripts in these tests')) };
/** Shanghai time; the desk calendar works 09–12 and 13–18 on weekdays. */
const sh = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

async function setUp(t: TestDatabase) {
  const { clock, registry, types, store } = await recordsFixture(t, BUNDLE, sh('2026-03-09', '16:00'));
  await t.db.knex('user_roles').insert({ user_id: SAM, role_id: 'ticket-agents' });
  const notifications = createNotificationEngine({ db: t.db, clock, definitions: createInstalledDefinitions(registry, buildNotificationDefinitions, { maxAgeMs: 0 }), canRead: async () => true });
  const ola = createOlaEngine({ db: t.db, clock, definitions: createSlaDefinitionSource(registry, { maxAgeMs: 0 }), notify: notifications.notifyRule, records: store, types, taskValues });
  const processes = createProcessRuntime({ db: t.db, clock, schemas: createSchemaValidator(), scripts: noScripts, recordEffects: createRecordEffectWriter({ records: store, types }) });
  processes.observe(ola.observer);
  const jobs = createJobRunner({ db: t.db, clock, handlers: ola.jobHandlers, log: { warn: () => {}, error: () => {} } });
  const ticket = await store.create({ type: await types.get('ticket'), organizationId: ORGS.a, callerId: PERSONS.ann, actor: ANN, fields: { subject: '会议室投影仪坏了' } });
  const instance = await processes.start({ bundle: 'record-process-tests', processId: 'ticket-flow', record: { id: ticket.id, type: 'ticket' }, actor: ANN });
  const openTask = async (elementId: string) => (await processes.tasks.list({ instanceId: instance.id })).find((task) => task.elementId === elementId)!;
  await processes.completeTask((await openTask('triage')).id, AGENT, { priority: 'low' }); // `wait` opens Monday 16:00, due Tuesday 11:00
  const advanceTo = (at: Date) => advanceRunningJobs(t.db, clock, jobs, at);
  const inbox = async (userId: string) => ((await t.db.knex('inbox_notifications').where({ user_id: userId }).orderBy('id')) as Array<{ rule_id: string; subject: string; created_at: string }>).map((n) => [n.rule_id, n.subject, n.created_at]);
  return { store, processes, openTask, advanceTo, inbox, ticket };
}

forEachDatabase('OLA escalations on team tasks', (database) => {
  it('warns the task\'s candidates halfway, escalates at its due time and every two working hours after, inside working hours', async () => {
    const { advanceTo, inbox, ticket, store } = await setUp(database());
    await advanceTo(sh('2026-03-10', '15:30'));
    // 50 % is two working hours: Monday 18:00, the end of the day, so it fires when work starts on Tuesday.
    expect(await inbox(SAM)).toEqual([
      ['ola-warning', `${ticket.number}: Wait for the customer is 50 % through its time`, sh('2026-03-10', '09:00').toISOString()],
      ['ola-breach', `${ticket.number}: Wait for the customer is overdue (0)`, sh('2026-03-10', '11:00').toISOString()],
      ['ola-breach', `${ticket.number}: Wait for the customer is overdue (1)`, sh('2026-03-10', '14:00').toISOString()],
    ]);
    expect((await inbox(ANN)).map(([rule]) => rule)).toEqual(['ola-breach', 'ola-breach']);
    expect(await store.get(ticket.id, { kind: 'all' })).toMatchObject({ fields: { priority: 'high' } });
  });

  it('stops escalating once the task is done', async () => {
    const { advanceTo, inbox, processes, openTask } = await setUp(database());
    const wait = await openTask('wait');
    await advanceTo(sh('2026-03-10', '10:00'));
    await processes.completeTask(wait.id, AGENT, {});
    await advanceTo(sh('2026-03-12', '18:00'));
    expect((await inbox(SAM)).map(([rule]) => rule)).toEqual(['ola-warning']);
    expect((await readAudit(database().db.knex, 'task', wait.id)).filter((a) => a.action === 'ola.threshold').map((a) => a.details)).toEqual([expect.objectContaining({ ola: 'desk-ola', atPercent: 50, repeat: 0 })]);
  });
});
