import { seedUser, apiClient, type ApiClient } from '../../test/api-app.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { startFullServer } from '../../test/full-server.js';
import type { RunningServer } from './serve.js';

interface RunView {
  id: string;
  version: string;
  now: string;
  tester: { userId: string; roles: string[] };
  bundles: Array<{ name: string; version: string }>;
  entries: Array<{ ref: string; startForm: { bundle: string; version: string; id: string } | null }>;
  processes: string[];
  records: Array<{ id: string; state: string; fields: Record<string, unknown> }>;
  instances: Array<{ processId: string; recordId: string | null; status: string }>;
  tasks: Array<{ id: string; elementId: string; form: { id: string } | null; assignee: string | null; candidateGroups: string[] }>;
  steps: Array<{ kind: string; subject: string; failures: string[] }>;
}

forEachDatabase('draft test runs', (database) => {
  let running: RunningServer | undefined;
  let admin: ApiClient;
  /** Runs a test leaves live are dropped after it: their databases are on disk. */
  const live = new Set<string>();

  afterEach(async () => {
    for (const run of live) await admin.delete(run);
    live.clear();
    await running?.stop();
    running = undefined;
  });

  const start = async () => {
    const started = await startFullServer(database());
    running = started.running;
    admin = started.admin;
  };

  const draftOf = async (bundle: string, from: string | null = 'newest') => (await admin.post('/drafts', { bundle, from })).body as { id: string; version: number };

  const newRun = async (draftId: string): Promise<{ path: string; run: RunView }> => {
    const made = await admin.post(`/drafts/${draftId}/test-runs?lang=en`);
    expect(made.status).toBe(201);
    const run = made.body as RunView;
    const path = `/drafts/${draftId}/test-runs/${run.id}`;
    live.add(path);
    return { path, run };
  };

  it('requests an entry of a draft in a throwaway run, refuses a bad task form field by field, completes the task and shows the next; the installation keeps nothing', async () => {
    await start();
    const draft = await draftOf('itil-request');
    const { path, run } = await newRun(draft.id);
    expect(run.version).toBe('1.0.1');
    expect(run.tester.roles).toEqual(expect.arrayContaining(['line-manager', 'service-owner', 'portal-user']));
    const entry = run.entries.find((e) => e.ref === 'itil-request:request-software-install')!;
    expect(entry.startForm).toEqual({ bundle: 'itil-request', version: '1.0.1', id: 'request-software' });

    const form = await admin.get(`${path}/forms/itil-request/1.0.1/request-software?lang=zh-CN`);
    expect(form.body).toMatchObject({ id: 'request-software', locale: 'zh-CN', schema: { required: ['subject', 'softwareName', 'urgency'] } });
    const validator = await admin.raw('GET', (form.body.validatorUrl as string).replace('/api/v1', ''));
    expect([validator.status, validator.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);

    const badStart = await admin.post(`${path}/start`, { entry: entry.ref, data: { subject: 'x', urgency: 3 } });
    expect([badStart.status, badStart.body.error.code]).toEqual([422, 'TASK_FORM_INVALID']);
    const started = (await admin.post(`${path}/start`, { entry: entry.ref, data: { subject: 'Install Photoshop', softwareName: 'Adobe Photoshop 2026', urgency: 3 } })).body as RunView;
    expect(started.records).toHaveLength(1);
    expect(started.tasks).toEqual([expect.objectContaining({ elementId: 'approve-line-manager', form: expect.objectContaining({ id: 'request-approval' }), assignee: null, candidateGroups: ['line-manager'] })]);

    const task = started.tasks[0]!;
    const bad = await admin.post(`${path}/tasks/${task.id}/complete`, { data: { approvalDecision: 'perhaps' } });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'TASK_FORM_INVALID']);
    expect(bad.body.error.details).toContainEqual(expect.objectContaining({ pointer: '/approvalDecision' }));
    const unchanged = (await admin.get(path)).body as RunView;
    expect(unchanged.tasks).toEqual([expect.objectContaining({ id: task.id, assignee: null })]);

    const done = (await admin.post(`${path}/tasks/${task.id}/complete`, { data: { approvalDecision: 'approve' } })).body as RunView;
    expect(done.tasks).toEqual([expect.objectContaining({ elementId: 'approve-service-owner', candidateGroups: ['service-owner'] })]);
    expect(done.records[0]).toMatchObject({ state: 'waiting-approval', fields: expect.objectContaining({ approvalDecision: 'approve' }) });
    expect(done.steps.map((s) => [s.kind, s.subject, s.failures])).toEqual([
      ['start', entry.ref, []],
      ['complete', 'approve-line-manager', []],
    ]);

    const later = (await admin.post(`${path}/advance`, { by: 'PT2H' })).body as RunView;
    expect(Date.parse(later.now) - Date.parse(done.now)).toBe(2 * 3_600_000);
    expect((await admin.post(`${path}/advance`, { by: 'soon' })).body.error.code).toBe('INPUT_INVALID');

    expect(await running!.runtime.db.knex('records').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect(await running!.runtime.db.knex('process_instances').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect((await admin.delete(path)).status).toBe(204);
    live.delete(path);
    expect((await admin.get(path)).body.error.code).toBe('NOT_FOUND');
  });

  it('starts a process of the draft directly, without a record', async () => {
    await start();
    const draft = await draftOf('flowdesk-sample');
    const { path, run } = await newRun(draft.id);
    expect(run.processes).toEqual(['suggestion-box']);
    const started = (await admin.post(`${path}/start`, { process: 'suggestion-box', data: { subject: 'Quieter printers', details: 'Move the printers away.', category: 'workplace' } })).body as RunView;
    expect(started.instances).toEqual([expect.objectContaining({ processId: 'suggestion-box', recordId: null, status: 'running' })]);
    expect(started.tasks.map((t) => t.elementId)).toEqual(['review']);
    const done = (await admin.post(`${path}/tasks/${started.tasks[0]!.id}/complete`, { data: { decision: 'decline', reviewer: '$user:tester' } })).body as RunView;
    expect(done.instances[0]!.status).toBe('completed');
    expect(done.tasks).toEqual([]);
  });

  it('refuses a draft with problems with every problem, and lets only administrators near test runs', async () => {
    await start();
    const draft = await draftOf('flowdesk-sample');
    const saved = await admin.put(`/drafts/${draft.id}/files`, { version: draft.version, changes: [{ path: 'forms/suggestion-review.json', content: '{ "id": ' }] });
    expect(saved.status).toBe(200);
    const refused = await admin.post(`/drafts/${draft.id}/test-runs`);
    expect([refused.status, refused.body.error.code]).toEqual([400, 'BUNDLE_INVALID']);
    expect(refused.body.error.details).toContainEqual(expect.objectContaining({ file: 'forms/suggestion-review.json' }));

    const plain = await seedUser(running!.runtime.db, { login: 'agent', roles: ['service-desk-agent'] });
    const agent = apiClient(running!.url);
    await agent.login(plain.login, plain.password);
    expect((await agent.post(`/drafts/${draft.id}/test-runs`)).status).toBe(403);
    expect((await agent.get(`/drafts/${draft.id}/test-runs/anything`)).status).toBe(403);
  });

  it('installs the bundles a draft requires, and keeps at most three runs: a fourth drops the oldest', async () => {
    await start();
    const draft = await draftOf('team-ideas', null);
    const manifest = JSON.parse((await admin.get(`/drafts/${draft.id}/file?path=bundle.json`)).body.content as string) as Record<string, unknown>;
    await admin.put(`/drafts/${draft.id}/files`, { version: draft.version, changes: [{ path: 'bundle.json', content: JSON.stringify({ ...manifest, requires: { 'flowdesk-sample': '^1.0.0' } }) }] });

    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await newRun(draft.id));
    expect(runs[0]!.run.bundles).toEqual([
      { name: 'flowdesk-sample', version: '1.0.0' },
      { name: 'team-ideas', version: '0.1.0' },
    ]);
    expect(runs[0]!.run.tester.roles).toEqual(['suggestion-author', 'suggestion-reviewer']);
    expect(runs[0]!.run.entries).toEqual([]);

    expect((await admin.get(runs[0]!.path)).body.error.code).toBe('NOT_FOUND');
    live.delete(runs[0]!.path);
    for (const { path } of runs.slice(1)) expect((await admin.get(path)).status).toBe(200);
    const other = await draftOf('flowdesk-sample');
    expect((await admin.get(runs[1]!.path.replace(draft.id, other.id))).body.error.code).toBe('NOT_FOUND');
  });
});
