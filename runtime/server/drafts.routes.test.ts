import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { packBundle, readAudit, readBundleDirectory } from '../../engine/index.js';
import { apiClient, seedUser, type ApiClient } from '../../test/api-app.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { startFullServer } from '../../test/full-server.js';
import type { RunningServer } from './serve.js';

forEachDatabase('bundle drafts', (database) => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const start = async (): Promise<{ admin: ApiClient; other: ApiClient; agent: ApiClient }> => {
    const started = await startFullServer(database());
    running = started.running;
    const { admin } = started;
    const second = await seedUser(running.runtime.db, { login: 'second-admin', roles: ['admin'] });
    const plain = await seedUser(running.runtime.db, { login: 'agent', roles: ['service-desk-agent'] });
    const other = apiClient(running.url);
    await other.login(second.login, second.password);
    const agent = apiClient(running.url);
    await agent.login(plain.login, plain.password);
    return { admin, other, agent };
  };

  const file = async (client: ApiClient, id: string, path: string) => (await client.get(`/drafts/${id}/file?path=${encodeURIComponent(path)}`)).body.content as string;

  it('makes a new bundle from nothing, checks it and publishes it as an installed version; the draft is then gone', async () => {
    const { admin } = await start();
    const made = await admin.post('/drafts', { bundle: 'suggestion-box', from: null });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ bundle: 'suggestion-box', baseVersion: null, version: 1 });
    expect(made.body.files.map((f: { path: string }) => f.path)).toEqual(['bundle.json', 'i18n/en.json', 'i18n/zh-CN.json']);
    const id = made.body.id as string;
    expect((await admin.post(`/drafts/${id}/check`)).body).toEqual({ valid: true, version: '0.1.0', problems: [] });

    const published = await admin.post(`/drafts/${id}/publish`, {});
    expect(published.body).toEqual({ name: 'suggestion-box', version: '0.1.0' });
    expect((await admin.get('/bundles')).body.bundles).toContainEqual(expect.objectContaining({ name: 'suggestion-box', version: '0.1.0' }));
    expect((await admin.get(`/drafts/${id}`)).body.error.code).toBe('DRAFT_NOT_FOUND');
    expect((await readAudit(running!.runtime.db.knex, 'bundle-draft', id)).map((a) => a.action)).toEqual(['draft.create', 'draft.publish']);
  });

  it('refuses a stale save from a second admin instead of overwriting the first', async () => {
    const { admin, other } = await start();
    const id = (await admin.post('/drafts', { bundle: 'itil-incident', from: 'newest' })).body.id as string;
    const readByBoth = (await admin.get(`/drafts/${id}`)).body.version as number;
    const texts = JSON.parse(await file(admin, id, 'i18n/en.json')) as { messages: Record<string, string> };
    const first = await other.put(`/drafts/${id}/files`, { version: readByBoth, changes: [{ path: 'i18n/en.json', content: JSON.stringify({ ...texts, messages: { ...texts.messages, 'field.subject': 'Summary' } }) }] });
    expect(first.body.version).toBe(readByBoth + 1);
    const stale = await admin.put(`/drafts/${id}/files`, { version: readByBoth, changes: [{ path: 'i18n/en.json', content: JSON.stringify({ ...texts, messages: { ...texts.messages, 'field.subject': 'Title' } }) }] });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'DRAFT_VERSION_CONFLICT']);
    expect(JSON.parse(await file(admin, id, 'i18n/en.json')).messages['field.subject']).toBe('Summary');
  });

  it("suggests the bump from what changed, says what is wrong with a file, and publishes the restored version's successor", async () => {
    const { admin } = await start();
    const draft = (await admin.post('/drafts', { bundle: 'itil-incident', from: 'newest' })).body as { id: string; baseVersion: string; version: number };
    expect(draft.baseVersion).toBe('1.1.0');
    const form = JSON.parse(await file(admin, draft.id, 'forms/incident-log.json')) as { schema: { properties: Record<string, unknown>; 'ui:order'?: unknown }; uiSchema: Record<string, unknown> };
    delete form.schema.properties['contactPhone'];
    form.uiSchema['ui:order'] = (form.uiSchema['ui:order'] as string[]).filter((f) => f !== 'contactPhone');
    let version = (await admin.put(`/drafts/${draft.id}/files`, { version: draft.version, changes: [{ path: 'forms/incident-log.json', content: JSON.stringify(form, null, 2) }] })).body.version as number;
    const diff = (await admin.get(`/drafts/${draft.id}/diff`)).body.diff;
    expect(diff.forms['incident-log']).toEqual({ added: [], removed: ['contactPhone'], changed: [] });
    expect(diff.suggestedBump).toBe('major');

    version = (await admin.put(`/drafts/${draft.id}/files`, { version, changes: [{ path: 'forms/incident-work.json', content: '{ "id": "incident-work", ' }] })).body.version as number;
    const broken = (await admin.post(`/drafts/${draft.id}/check`)).body;
    expect(broken.valid).toBe(false);
    expect(broken.problems).toContainEqual(expect.objectContaining({ file: 'forms/incident-work.json' }));
    expect((await admin.post(`/drafts/${draft.id}/publish`, {})).status).toBe(400);

    const work = (await running!.runtime.registry.readFiles('itil-incident')).files.get('forms/incident-work.json')!;
    await admin.put(`/drafts/${draft.id}/files`, { version, changes: [{ path: 'forms/incident-work.json', content: Buffer.from(work).toString('utf8') }] });
    expect((await admin.post(`/drafts/${draft.id}/check`)).body).toEqual({ valid: true, version: '2.0.0', problems: [] });
    expect((await admin.post(`/drafts/${draft.id}/publish`, {})).body).toEqual({ name: 'itil-incident', version: '2.0.0' });
  });

  it('exports the archive `flowdesk bundle pack` makes of the same files', async () => {
    const { admin } = await start();
    const draft = (await admin.post('/drafts', { bundle: 'flowdesk-sample', from: 'newest' })).body as { id: string; files: Array<{ path: string }> };
    const folder = mkdtempSync(join(tmpdir(), 'flowdesk-draft-'));
    for (const { path } of draft.files) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), await file(admin, draft.id, path));
    }
    const exported = await fetch(`${running!.url}/api/v1/drafts/${draft.id}/archive`, { headers: { cookie: `flowdesk_session=${admin.sessionSecret}` } });
    expect(exported.headers.get('content-type')).toBe('application/gzip');
    expect(Buffer.from(await exported.arrayBuffer()).equals(await packBundle(await readBundleDirectory(folder)))).toBe(true);
  });

  it('starts a draft from an archive, made on the newest installed version so its diff previews the change', async () => {
    const { admin, agent } = await start();
    const exported = (await admin.post('/drafts', { bundle: 'flowdesk-sample', from: 'newest' })).body as { id: string; baseVersion: string; files: Array<{ path: string }> };
    const folder = mkdtempSync(join(tmpdir(), 'flowdesk-draft-'));
    for (const { path } of exported.files) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), await file(admin, exported.id, path));
    }
    writeFileSync(join(folder, 'notes.md'), 'What changed in this version.\n');
    const upload = (client: ApiClient, bytes: Uint8Array) => {
      const form = new FormData();
      form.append('file', new Blob([bytes], { type: 'application/gzip' }), 'sample.tgz');
      return client.raw('POST', '/drafts/import', { body: form });
    };
    const made = await upload(admin, await packBundle(await readBundleDirectory(folder)));
    expect(made.status).toBe(201);
    const draft = (await made.json()) as { id: string; bundle: string; baseVersion: string; files: Array<{ path: string }> };
    expect(draft).toMatchObject({ bundle: 'flowdesk-sample', baseVersion: exported.baseVersion });
    expect(draft.files.map((f) => f.path)).toContain('notes.md');
    const diff = (await admin.get(`/drafts/${draft.id}/diff`)).body.diff;
    expect(diff.files).toEqual({ added: ['notes.md'], removed: [], changed: [] });
    expect(diff.suggestedBump).toBe('minor');
    // A file line by line: as the compared version has it (none for the new one).
    const base = (path: string, against?: string) => admin.get(`/drafts/${draft.id}/base-file?path=${encodeURIComponent(path)}${against ? `&against=${against}` : ''}`);
    expect((await base('notes.md')).body).toEqual({ path: 'notes.md', content: null });
    expect((await base(draft.files.find((f) => f.path.endsWith('.bpmn'))!.path)).body.content).toBe(await file(admin, draft.id, draft.files.find((f) => f.path.endsWith('.bpmn'))!.path));
    expect((await base('notes.md', '9.9.9')).body.error.code).toBe('BUNDLE_NOT_FOUND');
    expect((await admin.get(`/drafts/${draft.id}/diff?against=9.9.9`)).body.error.code).toBe('BUNDLE_NOT_FOUND');
    expect((await readAudit(running!.runtime.db.knex, 'bundle-draft', draft.id)).map((a) => a.action)).toEqual(['draft.import']);

    expect(((await (await upload(admin, Buffer.from('not an archive'))).json()) as { error: { code: string } }).error.code).toBe('BUNDLE_ARCHIVE_MALFORMED');
    expect((await upload(agent, await packBundle(await readBundleDirectory(folder)))).status).toBe(403);
  });

  it('lets only administrators near drafts, and refuses unsafe paths and unknown versions', async () => {
    const { admin, agent } = await start();
    expect((await agent.get('/drafts')).status).toBe(403);
    expect((await agent.post('/drafts', { bundle: 'x', from: null })).status).toBe(403);
    const id = (await admin.post('/drafts', { bundle: 'flowdesk-sample', from: 'newest' })).body.id as string;
    const unsafe = await admin.put(`/drafts/${id}/files`, { version: 1, changes: [{ path: '../escape.json', content: '{}' }] });
    expect(unsafe.body.error.code).toBe('BUNDLE_PATH_UNSAFE');
    expect((await admin.put(`/drafts/${id}/files`, { version: 1, changes: [{ path: 'bundle.json', content: null }] })).body.error.code).toBe('INPUT_INVALID');
    expect((await admin.post('/drafts', { bundle: 'flowdesk-sample', from: '9.9.9' })).body.error.code).toBe('BUNDLE_NOT_FOUND');
    expect((await admin.post('/drafts', { bundle: 'Bad Name', from: null })).body.error.code).toBe('INPUT_INVALID');
    expect((await admin.get(`/drafts/${id}`)).body.version).toBe(1);
  });
});
