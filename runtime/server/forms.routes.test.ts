import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import createPrecompiledValidator from '@rjsf/validator-ajv8/lib/createPrecompiledValidator.js';
import { apiClient, seedUser, type ApiClient } from '../../test/api-app.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { startFullServer } from '../../test/full-server.js';
import type { RunningServer } from './serve.js';

/** The validator module as the browser gets it, run here with the ajv helpers it names. */
async function loadValidatorModule(code: string): Promise<Record<string, unknown>> {
  const file = join(mkdtempSync(join(tmpdir(), 'flowdesk-validator-')), 'validator.mjs');
  writeFileSync(file, code);
  const module = (await import(pathToFileURL(file).href)) as { default: (require: (name: string) => unknown) => Record<string, unknown> };
  const { createRequire } = await import('node:module');
  return module.default(createRequire(import.meta.url));
}

forEachDatabase('bundle forms for the web apps', (database) => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const start = async (): Promise<ApiClient> => {
    const started = await startFullServer(database());
    running = started.running;
    const { admin } = started;
    return admin;
  };

  it('serves a form in either language with a validator compiled at install that checks data like the server', async () => {
    const admin = await start();
    const version = (await admin.get('/bundles')).body.bundles.find((b: { name: string }) => b.name === 'itil-incident').version as string;
    const zh = await admin.get(`/forms/itil-incident/${version}/incident-log?lang=zh-CN`);
    expect(zh.status).toBe(200);
    expect(zh.body).toMatchObject({ id: 'incident-log', locale: 'zh-CN', schema: { properties: { subject: { title: '标题' } } } });
    const en = await admin.get(`/forms/itil-incident/${version}/incident-log`);
    expect(en.body.schema.properties.subject.title).toBe('Subject');
    // Option titles are texts too; field names and values are not.
    expect(en.body.schema.properties.impact.oneOf[0]).toEqual({ const: 1, title: expect.stringMatching(/department/) });

    // Compiled when the bundles were installed: one per form and locale.
    const versions = (await running!.runtime.db.knex('form_validators').countDistinct({ n: 'version_id' })) as Array<{ n: number | string }>;
    expect(Number(versions[0]!.n)).toBe((await admin.get('/bundles')).body.bundles.length);

    const script = await fetch(`${running!.url}${en.body.validatorUrl as string}`, { headers: { cookie: `flowdesk_session=${admin.sessionSecret}` } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toMatch(/immutable/);
    const validator = createPrecompiledValidator((await loadValidatorModule(await script.text())) as never, en.body.schema);
    expect(validator.validateFormData({ subject: 'Printer jams', description: 'Every page', impact: 3, urgency: 2 }, en.body.schema).errors).toEqual([]);
    const refused = validator.validateFormData({ subject: 'x', impact: 7 }, en.body.schema).errors.map((e) => [e.property, e.name]);
    expect(refused).toEqual(expect.arrayContaining([['.subject', 'minLength'], ['description', 'required'], ['urgency', 'required'], ['.impact', 'oneOf']]));
  });

  it('compiles the forms of a version installed before validators existed on first use, and names what is missing', async () => {
    const admin = await start();
    const version = (await admin.get('/bundles')).body.bundles.find((b: { name: string }) => b.name === 'itil-incident').version as string;
    const { db } = running!.runtime;
    await db.knex('form_validators').delete();
    expect((await admin.get(`/forms/itil-incident/${version}/incident-confirm`)).status).toBe(200);
    expect(await db.knex('form_validators').count({ n: '*' })).not.toEqual([{ n: 0 }]);

    const missing = await admin.get(`/forms/itil-incident/${version}/no-such-form`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'FORM_NOT_FOUND']);
    expect((await admin.get('/forms/itil-incident/9.9.9/incident-log')).body.error.code).toBe('FORM_NOT_FOUND');
    expect((await admin.get(`/forms/itil-incident/${version}/incident-log?lang=fr`)).body.error.code).toBe('INPUT_INVALID');
    expect((await apiClient(running!.url).get(`/forms/itil-incident/${version}/incident-log`)).status).toBe(401);
  });

  it("serves a record type's fields as a form for editing records, with its validator", async () => {
    const admin = await start();
    const form = await admin.get('/record-types/incident/form?lang=zh-CN');
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ id: 'record:incident', bundle: 'itil-incident', locale: 'zh-CN', schema: { properties: { subject: { title: '标题' } } } });
    expect(form.body.validatorUrl).toMatch(/^\/api\/v1\/record-types\/incident\/form\/validator\.js\?lang=zh-CN&v=/);
    const script = await fetch(`${running!.url}${form.body.validatorUrl as string}`, { headers: { cookie: `flowdesk_session=${admin.sessionSecret}` } });
    expect(await script.text()).toMatch(/^export default function validators\(require\)/);
    expect((await admin.get('/record-types/no-such-type/form')).body.error.code).toBe('RECORD_TYPE_NOT_FOUND');
    // Someone with no grant on a type sees no more of it here than in /record-types.
    const outsider = await seedUser(running!.runtime.db, { login: 'no-grants' });
    const stranger = apiClient(running!.url);
    await stranger.login(outsider.login, outsider.password);
    expect((await stranger.get('/record-types/incident/form')).body.error.code).toBe('RECORD_TYPE_NOT_FOUND');
    // Not reachable as a bundle form.
    expect((await admin.get(`/forms/itil-incident/${form.body.version as string}/record:incident`)).body.error.code).toBe('INPUT_INVALID');
  });

  it("answers every bundle's texts in the caller's language", async () => {
    const admin = await start();
    const texts = await admin.get('/texts?lang=zh-CN');
    expect(texts.body.locale).toBe('zh-CN');
    expect(texts.body.bundles['itil-incident']['field.subject']).toBe('标题');
    expect((await admin.get('/texts?lang=en')).body.bundles['itil-incident']['field.subject']).toBe('Subject');
  });
});
