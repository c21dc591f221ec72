import { createPluginRunner, type PluginRunner } from '../../plugins/index.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { processHarness } from '../../test/process-harness.js';
import { runCli } from '../../test/run-cli.js';

let plugins: PluginRunner;
beforeAll(() => {
  plugins = createPluginRunner({ workers: 1 });
});
afterAll(() => plugins.close());

forEachDatabase('flowdesk process', (database) => {
  const cli = (...args: string[]) => runCli(args, { FLOWDESK_DATABASE_URL: database().url, FLOWDESK_DATA_DIR: database().dir });

  /** A lifecycle instance whose review Rita completed; it waits in `implement` for Ivan. */
  async function reviewed() {
    const h = await processHarness(database().db, plugins);
    const instance = await h.start('lifecycle', { requester: 'ann' });
    await h.runtime.completeTask((await h.taskOf(instance.id, 'review')).id, { id: 'rita', groups: ['reviewers'] }, { decision: 'approve', reviewer: 'ivan' });
    return instance.id;
  }

  it('prints the history of an instance: what was entered and left, by whom and when', async () => {
    const id = await reviewed();
    const run = await cli('--json', 'process', 'history', id);
    expect(run.code).toBe(0);
    const { history } = run.json<{ history: Array<{ elementId: string; event: string; actor: string | null; at: string }> }>();
    expect(history.map((e) => `${e.event} ${e.elementId}`)).toEqual(['enter start', 'leave start', 'enter review', 'leave review', 'enter decide', 'leave decide', 'enter implement', 'discard rejected']);
    expect(history.find((e) => e.event === 'leave' && e.elementId === 'review')).toMatchObject({ actor: 'rita', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect((await cli('process', 'history', id)).stdout).toMatch(/leave {4}review \(bpmn:UserTask\) {2}by rita\n/);
  });

  it('shows an instance with its open tasks, and refuses an unknown id with its code', async () => {
    const id = await reviewed();
    const shown = await cli('--json', 'process', 'show', id);
    expect(shown.json()).toMatchObject({ id, status: 'running', version: 2, variables: { requester: 'ann', reviewer: 'ivan' }, tasks: [{ elementId: 'implement', assignee: 'ivan' }] });
    expect((await cli('process', 'show', id)).stdout).toContain('implement  assignee ivan');
    const missing = await cli('--json', 'process', 'history', '01900000-0000-7000-8000-000000000000');
    expect(missing.code).toBe(2);
    expect(missing.json()).toMatchObject({ error: { code: 'PROCESS_INSTANCE_NOT_FOUND' } });
  });
});
