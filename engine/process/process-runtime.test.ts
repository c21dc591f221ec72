import { createPluginRunner, type PluginRunner } from '../../plugins/index.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { processHarness } from '../../test/process-harness.js';
import { readAudit } from '../audit/audit-log.js';
import { listJobs } from '../jobs/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let plugins: PluginRunner;
beforeAll(() => {
  plugins = createPluginRunner({ workers: 1 });
});
afterAll(() => plugins.close());

// Each test runs twice: with live sessions cached between commands, and with every command
// resuming its instance from the database, as another server process would.
const SESSION_CACHES: Array<[string, number]> = [['sessions cached', 1000], ['every command from the database', 0]];

forEachDatabase('process runtime', (database) => describe.each(SESSION_CACHES)('%s', (_, sessionCacheSize) => {
  const harness = () => processHarness(database().db, plugins, { sessionCacheSize });

  describe('instances and tasks', () => {
    it('runs start → user task → exclusive gateway → user task → end, pinned to its version', async () => {
      const h = await harness();
      const started = await h.start('lifecycle', { requester: 'ann' });
      expect(started).toMatchObject({ status: 'running', version: 1, bundle: 'process-tests' });
      const review = await h.taskOf(started.id, 'review');
      expect(review).toMatchObject({ name: 'Review', formKey: 'approval', assignee: null, candidateGroups: ['leads', 'reviewers'] });
      expect(new Date(review.dueAt!).getTime() - h.clock.now().getTime()).toBe(8 * HOUR);

      await h.runtime.tasks.claim(review.id, { id: 'rita', groups: ['reviewers'] });
      const afterReview = await h.runtime.completeTask(review.id, { id: 'rita' }, { decision: 'approve', reviewer: 'ivan' });
      expect(afterReview).toMatchObject({ version: 2, variables: expect.objectContaining({ requester: 'ann', decision: 'approve', reviewer: 'ivan' }) });
      const implement = await h.taskOf(started.id, 'implement');
      expect(implement.assignee).toBe('ivan');
      expect(await h.runtime.tasks.list({ assignee: 'ivan' })).toEqual([expect.objectContaining({ id: implement.id })]);

      const done = await h.runtime.completeTask(implement.id, { id: 'ivan' }, { decision: 'approve' });
      expect(done).toMatchObject({ status: 'completed', version: 3 });
      expect(await h.openTasks(started.id)).toEqual([]);
      const history = await h.runtime.history(started.id);
      expect(history.filter((e) => e.event === 'leave').map((e) => e.elementId)).toEqual(['start', 'review', 'decide', 'implement', 'done']);
      expect(history.find((e) => e.elementId === 'implement' && e.event === 'leave')).toMatchObject({ actor: 'ivan' });
    });

    it('takes the default flow when the condition is false', async () => {
      const h = await harness();
      const started = await h.start('lifecycle');
      const review = await h.taskOf(started.id, 'review');
      const done = await h.runtime.completeTask(review.id, { id: 'rita', groups: ['leads'] }, { decision: 'reject' });
      expect(done.status).toBe('completed');
      expect((await h.runtime.history(started.id)).map((e) => e.elementId)).toContain('rejected');
    });

    it('refuses invalid form data with every violation and its pointer, and advances nothing', async () => {
      const h = await harness();
      const started = await h.start('lifecycle');
      const review = await h.taskOf(started.id, 'review');
      const attempt = h.runtime.completeTask(review.id, { id: 'rita', groups: ['reviewers'] }, { decision: 'maybe', extra: 1 });
      await expect(attempt).rejects.toMatchObject({
        code: 'TASK_FORM_INVALID',
        details: expect.arrayContaining([expect.objectContaining({ pointer: '/decision' }), expect.objectContaining({ pointer: '/' })]),
      });
      const missing = h.runtime.completeTask(review.id, { id: 'rita', groups: ['reviewers'] }, {});
      await expect(missing).rejects.toMatchObject({ code: 'TASK_FORM_INVALID', details: [expect.objectContaining({ pointer: '/decision' })] });
      expect(await h.runtime.getInstance(started.id)).toMatchObject({ version: 1, status: 'running' });
      expect(await h.openTasks(started.id)).toEqual(['review']);
    });

    it('lists by candidate group, claims once, unclaims, reassigns with an audit trail', async () => {
      const h = await harness();
      const started = await h.start('lifecycle');
      const review = await h.taskOf(started.id, 'review');
      expect(await h.runtime.tasks.list({ candidateGroups: ['leads'] })).toEqual([expect.objectContaining({ id: review.id })]);
      expect(await h.runtime.tasks.list({ candidateGroups: ['strangers'] })).toEqual([]);
      await expect(h.runtime.tasks.claim(review.id, { id: 'eve', groups: ['strangers'] })).rejects.toMatchObject({ code: 'TASK_NOT_ALLOWED' });
      await h.runtime.tasks.claim(review.id, { id: 'rita', groups: ['reviewers'] });
      await expect(h.runtime.tasks.claim(review.id, { id: 'lee', groups: ['leads'] })).rejects.toMatchObject({ code: 'TASK_ALREADY_CLAIMED' });
      await expect(h.runtime.completeTask(review.id, { id: 'lee', groups: ['leads'] }, { decision: 'approve' })).rejects.toMatchObject({ code: 'TASK_NOT_ALLOWED' });
      await h.runtime.tasks.unclaim(review.id, { id: 'rita' });
      expect((await h.runtime.tasks.get(review.id)).assignee).toBeNull();
      await h.runtime.tasks.claim(review.id, { id: 'lee', groups: ['leads'] });
      const moved = await h.runtime.tasks.reassign(review.id, { id: 'lee' }, 'mo', 'on holiday');
      expect(moved.assignee).toBe('mo');
      const audit = await readAudit(database().db.knex, 'task', review.id);
      expect(audit.map((a) => a.action)).toEqual(['task.claim', 'task.unclaim', 'task.claim', 'task.reassign']);
      expect(audit[3]).toMatchObject({ actor: 'lee', details: { from: 'lee', to: 'mo', reason: 'on holiday' } });
    });

    it('serves the next call from the database alone, and refuses a stale write', async () => {
      const h = await harness();
      const started = await h.start('lifecycle');
      const review = await h.taskOf(started.id, 'review');
      await h.another().completeTask(review.id, { id: 'rita', groups: ['reviewers'] }, { decision: 'approve', reviewer: 'ivan' });
      const implement = await h.taskOf(started.id, 'implement');
      // This runtime's cached session is at version 1, the database at 2: it must resume, not reuse.
      const done = await h.runtime.completeTask(implement.id, { id: 'ivan' }, { decision: 'approve' });
      expect(done).toMatchObject({ status: 'completed', version: 3 });
      await expect(h.runtime.completeTask(implement.id, { id: 'ivan' }, { decision: 'approve' })).rejects.toMatchObject({ code: 'TASK_NOT_OPEN' });

      const parallel = await h.start('gateways');
      const [left, right] = [await h.taskOf(parallel.id, 'left'), await h.taskOf(parallel.id, 'right')];
      const results = await Promise.allSettled([h.runtime.completeTask(left.id, { id: 'a' }), h.another().completeTask(right.id, { id: 'b' })]);
      const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toMatchObject({ code: 'PROCESS_VERSION_CONFLICT' });
      expect(await h.runtime.getInstance(parallel.id)).toMatchObject({ version: 2 });
    });
  });

  describe('BPMN coverage', () => {
    it('parallel split and join, inclusive gateway with expression and sandboxed javascript conditions', async () => {
      const h = await harness();
      const started = await h.start('gateways', { amount: 500, urgent: true });
      expect(await h.openTasks(started.id)).toEqual(['left', 'right']);
      await h.runtime.completeTask((await h.taskOf(started.id, 'left')).id, { id: 'a' });
      expect(await h.openTasks(started.id)).toEqual(['right']);
      await h.runtime.completeTask((await h.taskOf(started.id, 'right')).id, { id: 'b' });
      expect(await h.openTasks(started.id)).toEqual(['a', 'b']);
      await h.runtime.completeTask((await h.taskOf(started.id, 'a')).id, { id: 'a' });
      expect(await h.openTasks(started.id)).toEqual(['b']);
      expect((await h.runtime.completeTask((await h.taskOf(started.id, 'b')).id, { id: 'b' })).status).toBe('completed');

      const small = await h.start('gateways', { amount: 5, urgent: false });
      await h.runtime.completeTask((await h.taskOf(small.id, 'left')).id, { id: 'a' });
      await h.runtime.completeTask((await h.taskOf(small.id, 'right')).id, { id: 'b' });
      expect(await h.openTasks(small.id)).toEqual(['c']);
    });

    it('embedded subprocess and call activity', async () => {
      const h = await harness();
      const started = await h.start('nesting');
      expect(await h.openTasks(started.id)).toEqual(['inner']);
      await h.runtime.completeTask((await h.taskOf(started.id, 'inner')).id, { id: 'a' });
      expect(await h.openTasks(started.id)).toEqual(['childTask']);
      const done = await h.runtime.completeTask((await h.taskOf(started.id, 'childTask')).id, { id: 'a' });
      expect(done.status).toBe('completed');
    });

    it('boundary timers (non-interrupting then interrupting) and a message boundary', async () => {
      const h = await harness();
      const started = await h.start('boundaries', { broken: false });
      expect(await h.openTasks(started.id)).toEqual(['await', 'check', 'work']);
      await h.advance(31 * 60_000);
      expect(await h.openTasks(started.id)).toEqual(['await', 'check', 'reminded', 'work']);
      await h.advance(HOUR + 30 * 60_000);
      expect(await h.openTasks(started.id)).toEqual(['await', 'check', 'escalated', 'reminded']);
      expect((await h.runtime.tasks.list({ instanceId: started.id, status: 'cancelled' })).map((t) => t.elementId)).toEqual(['work']);

      await h.runtime.correlateMessage('cancel-request', null, {}, 'api');
      expect(await h.openTasks(started.id)).toEqual(['check', 'escalated', 'reminded']);
      for (const id of ['check', 'escalated', 'reminded']) await h.runtime.completeTask((await h.taskOf(started.id, id)).id, { id: 'a' });
      expect((await h.runtime.getInstance(started.id)).status).toBe('completed');
      expect(await listJobs(database().db.knex, {})).toEqual([]);
    });

    it('an error end in a subprocess is caught by the error boundary on it', async () => {
      const h = await harness();
      const started = await h.start('boundaries', { broken: true });
      await h.runtime.completeTask((await h.taskOf(started.id, 'check')).id, { id: 'a' });
      expect(await h.openTasks(started.id)).toEqual(['await', 'repair', 'work']);
      const history = await h.runtime.history(started.id);
      const left = history.filter((e) => e.event === 'leave').map((e) => e.elementId);
      expect(history.filter((e) => e.event === 'enter').map((e) => e.elementId)).toContain('failEnd');
      expect(left).toContain('caught');
      expect(left).not.toContain('risky'); // the error ends the subprocess: it is not left normally
      expect(left).not.toContain('end2');
      await h.runtime.completeTask((await h.taskOf(started.id, 'repair')).id, { id: 'a' });
      expect(await h.openTasks(started.id)).toEqual(['await', 'work']);
    });

    it('event subprocesses: a timer start runs beside the work, a message start interrupts it, idle ones end with the process', async () => {
      const h = await harness();
      const reminded = await h.start('eventSubprocesses', {}, 'case-1');
      await h.advance(HOUR + 1000);
      expect(await h.openTasks(reminded.id)).toEqual(['chase', 'work']);
      h.runtime.forgetSessions(); // what follows resumes from the stored state
      await h.runtime.completeTask((await h.taskOf(reminded.id, 'work')).id, { id: 'a' });
      expect((await h.runtime.getInstance(reminded.id)).status).toBe('running');
      await h.runtime.completeTask((await h.taskOf(reminded.id, 'chase')).id, { id: 'a' });
      expect((await h.runtime.getInstance(reminded.id)).status).toBe('completed');

      const withdrawn = await h.start('eventSubprocesses', {}, 'case-2');
      await h.runtime.correlateMessage('withdraw', 'case-2', { reason: 'duplicate' }, 'api');
      expect(await h.openTasks(withdrawn.id)).toEqual(['wrapUp']);
      expect((await h.runtime.tasks.list({ instanceId: withdrawn.id, status: 'cancelled' })).map((t) => t.elementId)).toEqual(['work']);
      expect((await listJobs(database().db.knex, {})).filter((j) => (j.payload as { instanceId?: string }).instanceId === withdrawn.id)).toEqual([]);
      await h.runtime.completeTask((await h.taskOf(withdrawn.id, 'wrapUp')).id, { id: 'a' });
      expect(await h.runtime.getInstance(withdrawn.id)).toMatchObject({ status: 'completed', variables: expect.objectContaining({ reason: 'duplicate' }) });

      const quiet = await h.start('eventSubprocesses', {}, 'case-3');
      await h.runtime.completeTask((await h.taskOf(quiet.id, 'work')).id, { id: 'a' });
      expect((await h.runtime.getInstance(quiet.id)).status).toBe('completed');
      expect(await listJobs(database().db.knex, {})).toEqual([]);
      await expect(h.runtime.correlateMessage('withdraw', 'case-3', {}, 'api')).rejects.toMatchObject({ code: 'MESSAGE_NOT_CORRELATED' });
    });

    it('intermediate timers: ISO duration, date, and a cycle that fires its count', async () => {
      const h = await harness();
      const deadline = new Date(h.clock.now().getTime() + 3 * DAY).toISOString();
      const started = await h.start('timers', { deadline });
      await h.advance(HOUR);
      expect(await h.openTasks(started.id)).toEqual([]);
      await h.advance(HOUR);
      const afterDuration = await h.runtime.history(started.id);
      expect(afterDuration.some((e) => e.elementId === 'wait2h' && e.event === 'leave')).toBe(true);
      expect(afterDuration.some((e) => e.elementId === 'untilDate' && e.event === 'leave')).toBe(false);
      await h.advance(3 * DAY - 2 * HOUR - 60_000); // a minute before the date, on the injected clock
      expect(await h.openTasks(started.id)).toEqual([]);
      await h.advance(60_000);
      expect(await h.openTasks(started.id)).toEqual(['watch']);
      for (let month = 0; month < 4; month++) await h.advance(30 * DAY);
      const nags = (await h.runtime.history(started.id)).filter((e) => e.elementId === 'nagged' && e.event === 'leave');
      expect(nags).toHaveLength(3);
      expect(await h.openTasks(started.id)).toEqual(['watch']);
    });

    it('message start and catch, correlated by key', async () => {
      const h = await harness();
      const first = await h.runtime.correlateMessage('order-placed', 'ORD-1', { total: 10 }, 'shop');
      const second = await h.runtime.correlateMessage('order-placed', 'ORD-2', { total: 20 }, 'shop');
      expect(first).toMatchObject({ processId: 'order', businessKey: 'ORD-1', status: 'running' });
      await h.runtime.correlateMessage('payment-received', 'ORD-2', { paid: true }, 'bank');
      expect(await h.openTasks(second.id)).toEqual(['ship']);
      expect(await h.openTasks(first.id)).toEqual([]);
      await expect(h.runtime.correlateMessage('payment-received', 'ORD-9', {}, 'bank')).rejects.toMatchObject({ code: 'MESSAGE_NOT_CORRELATED' });
    });

    it('a thrown signal reaches every instance waiting for it', async () => {
      const h = await harness();
      const waiting = [await h.start('listener'), await h.start('listener')];
      const thrower = await h.start('broadcaster');
      expect(thrower.status).toBe('completed');
      await h.jobs.runUntilIdle();
      for (const instance of waiting) expect((await h.runtime.getInstance(instance.id)).status).toBe('completed');
      expect(await h.runtime.broadcastSignal('all-clear', 'api')).toBe(0);
    });

    it('terminate end ends every path', async () => {
      const h = await harness();
      const started = await h.start('terminate');
      const done = await h.runtime.completeTask((await h.taskOf(started.id, 'fast')).id, { id: 'a' });
      expect(done.status).toBe('completed');
      expect((await h.runtime.tasks.list({ instanceId: started.id, status: 'cancelled' })).map((t) => t.elementId)).toEqual(['slow']);
    });
  });

  describe('countersign (multi-instance user tasks)', () => {
    const approve = { decision: 'approve' };
    it('all must approve: one task per approver, each assigned; a rejection ends it early', async () => {
      const h = await harness();
      const started = await h.start('countersign', { mode: 'all', approvers: ['ann', 'bob', 'cy'] });
      const tasks = await h.runtime.tasks.list({ instanceId: started.id });
      expect(tasks.map((t) => t.assignee).sort()).toEqual(['ann', 'bob', 'cy']);
      await h.runtime.completeTask(tasks.find((t) => t.assignee === 'ann')!.id, { id: 'ann' }, approve);
      await h.runtime.completeTask(tasks.find((t) => t.assignee === 'bob')!.id, { id: 'bob' }, approve);
      expect((await h.runtime.getInstance(started.id)).status).toBe('running');
      const done = await h.runtime.completeTask(tasks.find((t) => t.assignee === 'cy')!.id, { id: 'cy' }, approve);
      expect(done.status).toBe('completed');
      expect(done.variables['countersign']).toEqual({ all: { completed: 3, decision: { approve: 3 } } });

      const vetoed = await h.start('countersign', { mode: 'all', approvers: ['ann', 'bob', 'cy'] });
      const [firstTask] = await h.runtime.tasks.list({ instanceId: vetoed.id, assignee: 'bob' });
      expect((await h.runtime.completeTask(firstTask!.id, { id: 'bob' }, { decision: 'reject' })).status).toBe('completed');
      expect(await h.runtime.tasks.list({ instanceId: vetoed.id, status: 'cancelled' })).toHaveLength(2);
    });

    it('n of m: two approvals of three complete it', async () => {
      const h = await harness();
      const started = await h.start('countersign', { mode: 'quorum' });
      const tasks = await h.runtime.tasks.list({ instanceId: started.id });
      expect(tasks).toHaveLength(3);
      await h.runtime.completeTask(tasks[0]!.id, { id: 'a' }, { decision: 'reject' });
      await h.runtime.completeTask(tasks[1]!.id, { id: 'b' }, approve);
      expect((await h.runtime.getInstance(started.id)).status).toBe('running');
      expect((await h.runtime.completeTask(tasks[2]!.id, { id: 'c' }, approve)).status).toBe('completed');
    });

    it('first answer wins, and sequential iterations come one after another', async () => {
      const h = await harness();
      const first = await h.start('countersign', { mode: 'first' });
      const [task] = await h.runtime.tasks.list({ instanceId: first.id });
      expect((await h.runtime.completeTask(task!.id, { id: 'a' }, approve)).status).toBe('completed');
      expect(await h.runtime.tasks.list({ instanceId: first.id, status: 'cancelled' })).toHaveLength(2);

      const serial = await h.start('countersign', { mode: 'serial' });
      expect(await h.openTasks(serial.id)).toEqual(['serial']);
      await h.runtime.completeTask((await h.taskOf(serial.id, 'serial')).id, { id: 'a' }, approve);
      expect(await h.openTasks(serial.id)).toEqual(['serial']);
      expect((await h.runtime.completeTask((await h.taskOf(serial.id, 'serial')).id, { id: 'b' }, approve)).status).toBe('completed');
    });
  });

  describe('plugins', () => {
    it('service and script tasks run their plugins in the sandbox as jobs, outputs become variables', async () => {
      const h = await harness();
      const started = await h.start('plugins', { amount: 21 });
      expect(await h.openTasks(started.id)).toEqual([]);
      await h.jobs.runUntilIdle();
      expect(await h.openTasks(started.id)).toEqual(['after']);
      expect((await h.runtime.getInstance(started.id)).variables).toMatchObject({ amount: 21, doubled: 42, tripled: 63 });
    });

    it('a script that returns a bpmnError takes the error boundary with that code; an uncaught one fails the instance', async () => {
      const h = await harness();
      const [fine, big, negative] = [await h.start('pluginErrors', { amount: 5 }), await h.start('pluginErrors', { amount: 500 }), await h.start('pluginErrors', { amount: -1 })];
      await h.jobs.runUntilIdle();
      expect(await h.openTasks(fine.id)).toEqual(['proceed']);
      expect(await h.openTasks(big.id)).toEqual(['review']);
      expect((await h.runtime.history(big.id)).filter((e) => e.event === 'leave').map((e) => e.elementId)).toContain('tooBig');
      expect(await h.runtime.getInstance(negative.id)).toMatchObject({ status: 'failed', error: { code: 'PROCESS_FAILED', message: expect.stringContaining('NEGATIVE') } });
      expect(await h.openTasks(negative.id)).toEqual([]);
    });
  });
}));
