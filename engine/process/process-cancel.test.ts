import { createPluginRunner, type PluginRunner } from '../../plugins/index.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { processHarness } from '../../test/process-harness.js';
import { readAudit } from '../audit/audit-log.js';
import { listJobs } from '../jobs/index.js';
import type { ProcessScope } from './process-scope.js';

const HOUR = 3_600_000;
const RECORD = '01900000-0000-7000-8000-000000000001';

let plugins: PluginRunner;
beforeAll(() => {
  plugins = createPluginRunner({ workers: 1 });
});
afterAll(() => plugins.close());

const SESSION_CACHES: Array<[string, number]> = [['sessions cached', 1000], ['every command from the database', 0]];

forEachDatabase('process runtime: records and cancellation', (database) => describe.each(SESSION_CACHES)('%s', (_, sessionCacheSize) => {
  const harness = () => processHarness(database().db, plugins, { sessionCacheSize });
  const count = async (table: string, instanceId: string) => Number(((await database().db.knex(table).where({ instance_id: instanceId }).count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n);

  it('cancels a running instance in one go: tasks cancelled, timers and subscriptions gone, history and audit written', async () => {
    const h = await harness();
    const started = await h.start('boundaries', { broken: false });
    expect(await h.openTasks(started.id)).toEqual(['await', 'check', 'work']);
    expect(await count('jobs', started.id)).toBeGreaterThan(0);
    expect(await count('process_subscriptions', started.id)).toBe(1);

    const cancelled = await h.runtime.cancel(started.id, 'lee', { reason: 'raised twice' });

    expect(cancelled).toMatchObject({ id: started.id, status: 'cancelled', version: 2, endedAt: h.clock.now().toISOString() });
    expect(await h.openTasks(started.id)).toEqual([]);
    expect((await h.runtime.tasks.list({ instanceId: started.id, status: 'cancelled' })).map((t) => t.elementId).sort()).toEqual(['await', 'check', 'work']);
    expect(await count('jobs', started.id)).toBe(0);
    expect(await count('process_subscriptions', started.id)).toBe(0);
    expect((await h.runtime.history(started.id)).at(-1)).toMatchObject({ elementId: 'boundaries', event: 'cancel', actor: 'lee' });
    expect((await readAudit(database().db.knex, 'process-instance', started.id)).map((a) => [a.action, a.actor, a.details])).toEqual([
      ['process.start', 'starter', expect.anything()],
      ['process.cancel', 'lee', { processId: 'boundaries', reason: 'raised twice' }],
    ]);
  });

  it('takes no more input once cancelled: no timer fires, no message is delivered, no task completes, a second cancel is refused', async () => {
    const h = await harness();
    const started = await h.start('boundaries', { broken: false });
    const work = await h.taskOf(started.id, 'work');
    // Another server cancels it: this runtime's cached session must not carry on.
    await h.another().cancel(started.id, 'lee');

    await h.advance(3 * HOUR);
    expect((await h.runtime.getInstance(started.id)).status).toBe('cancelled');
    expect(await h.runtime.tasks.list({ instanceId: started.id })).toEqual([]);
    await expect(h.runtime.correlateMessage('cancel-request', null, {}, 'api')).rejects.toMatchObject({ code: 'MESSAGE_NOT_CORRELATED' });
    await expect(h.runtime.completeTask(work.id, { id: 'a' })).rejects.toMatchObject({ code: 'TASK_NOT_OPEN' });
    await expect(h.runtime.cancel(started.id, 'lee')).rejects.toMatchObject({ code: 'PROCESS_NOT_RUNNING' });
    await expect(h.runtime.cancel('01900000-0000-7000-8000-00000000dead', 'lee')).rejects.toMatchObject({ code: 'PROCESS_INSTANCE_NOT_FOUND' });
    const finished = await h.start('terminate');
    await h.runtime.completeTask((await h.taskOf(finished.id, 'fast')).id, { id: 'a' });
    await expect(h.runtime.cancel(finished.id, 'lee')).rejects.toMatchObject({ code: 'PROCESS_NOT_RUNNING' });
    expect(await listJobs(database().db.knex, {})).toEqual([]);
  });

  it('keeps the record on the instance and its tasks, uses its id as the business key, and correlates messages by it', async () => {
    const h = await harness();
    const started = await h.runtime.start({ bundle: 'process-tests', processId: 'eventSubprocesses', record: { id: RECORD, type: 'ticket' }, actor: 'starter' });
    expect(started).toMatchObject({ recordId: RECORD, businessKey: RECORD });
    expect(await database().db.knex('process_tasks').where({ instance_id: started.id }).pluck('record_id')).toEqual([RECORD]);

    await h.runtime.correlateMessage('withdraw', RECORD, { reason: 'duplicate' }, 'api');
    expect(await h.openTasks(started.id)).toEqual(['wrapUp']);
    // Tasks made later in the instance's life belong to the record too (a view shows none: no such record row exists here).
    expect(await database().db.knex('process_tasks').where({ instance_id: started.id }).pluck('record_id')).toEqual([RECORD, RECORD]);
    expect((await h.taskOf(started.id, 'wrapUp')).record).toBeNull();

    const keyed = await h.runtime.start({ bundle: 'process-tests', processId: 'eventSubprocesses', businessKey: 'case-9', record: { id: RECORD, type: 'ticket' }, actor: 'starter' });
    expect(keyed).toMatchObject({ recordId: RECORD, businessKey: 'case-9' });
    expect((await readAudit(database().db.knex, 'process-instance', keyed.id))[0]).toMatchObject({ details: { recordId: RECORD } });
  });

  it('finds instances and tasks only within a scope, and cancels nothing outside it', async () => {
    const h = await harness();
    const bound = await h.runtime.start({ bundle: 'process-tests', processId: 'lifecycle', record: { id: RECORD, type: 'ticket' }, actor: 'starter' });
    const loose = await h.start('lifecycle');
    const [boundTask, looseTask] = [await h.taskOf(bound.id, 'review'), await h.taskOf(loose.id, 'review')];
    const reviewer: ProcessScope = { kind: 'some', records: [], actor: { id: 'rita', groups: ['reviewers'] } };
    const stranger: ProcessScope = { kind: 'some', records: [], actor: { id: 'eve', groups: ['strangers'] } };

    // Without a record, a task is its candidates' and assignee's; an instance nobody's but `all`.
    expect((await h.runtime.tasks.get(looseTask.id, { scope: reviewer })).id).toBe(looseTask.id);
    await expect(h.runtime.tasks.get(looseTask.id, { scope: stranger })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    await expect(h.runtime.getInstance(loose.id, { scope: reviewer })).rejects.toMatchObject({ code: 'PROCESS_INSTANCE_NOT_FOUND' });
    // With a record that no scope reaches (there is no such record row), nobody but `all` sees it.
    await expect(h.runtime.tasks.get(boundTask.id, { scope: reviewer })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    await expect(h.runtime.tasks.claim(boundTask.id, { id: 'rita', groups: ['reviewers'] }, { scope: reviewer })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    await expect(h.runtime.completeTask(boundTask.id, { id: 'rita', groups: ['reviewers'] }, { decision: 'approve' }, { scope: reviewer })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    expect(await h.runtime.tasks.count({ view: 'queue', actor: { id: 'rita', groups: ['reviewers'] }, scope: reviewer })).toBe(1);
    expect(await h.runtime.tasks.count({ view: 'queue', actor: { id: 'rita', groups: ['reviewers'] }, scope: { kind: 'all' } })).toBe(2);
    await expect(h.runtime.cancel(bound.id, 'eve', { scope: stranger })).rejects.toMatchObject({ code: 'PROCESS_INSTANCE_NOT_FOUND' });
    expect(await h.runtime.getInstance(bound.id)).toMatchObject({ status: 'running', version: 1 });
    expect(await h.openTasks(bound.id)).toEqual(['review']);
  });
}));
