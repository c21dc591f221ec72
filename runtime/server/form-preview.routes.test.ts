import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import createPrecompiledValidator from '@rjsf/validator-ajv8/lib/createPrecompiledValidator.js';
import { apiClient, seedUser, type ApiClient } from '../../test/api-app.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { startFullServer } from '../../test/full-server.js';
import { createPreviewCache } from './form-preview.routes.js';
import type { RunningServer } from './serve.js';

/** The validator module as the browser gets it, run here with the ajv helpers it names. */
async function loadValidatorModule(code: string): Promise<Record<string, unknown>> {
  const file = join(mkdtempSync(join(tmpdir(), 'flowdesk-preview-')), 'validator.mjs');
  writeFileSync(file, code);
  const module = (await import(pathToFileURL(file).href)) as { default: (require: (name: string) => unknown) => Record<string, unknown> };
  const { createRequire } = await import('node:module');
  return module.default(createRequire(import.meta.url));
}

/** A form as the designer writes it: a field shown only for one choice, and two fields side by side. */
const FORM = {
  id: 'preview-sample',
  titleKey: 'form.preview-sample',
  schema: {
    type: 'object',
    properties: {
      reason: { type: 'string', title: 'form.preview-sample.reason', oneOf: [{ const: 'other', title: 'form.preview-sample.reason.option.other' }, { const: 'known', title: 'form.preview-sample.reason.option.known' }] },
      summary: { type: 'string', title: 'form.preview-sample.summary', minLength: 2, maxLength: 200 },
    },
    required: ['reason'],
    propertyNames: { enum: ['reason', 'summary', 'details'] },
    allOf: [{ if: { properties: { reason: { const: 'other' } }, required: ['reason'] }, then: { properties: { details: { type: 'string', title: 'form.preview-sample.details', minLength: 2 } }, required: ['details'] } }],
  },
  uiSchema: {
    'ui:order': ['reason', 'details', 'summary'],
    'ui:field': 'LayoutGridField',
    'ui:layoutGrid': { 'ui:row': { gutter: 24, children: [{ 'ui:col': { span: 12, children: ['reason'] } }, { 'ui:col': { span: 12, children: ['details'] } }, { 'ui:col': { span: 24, children: ['summary'] } }] } },
  },
};
const ZH_TEXTS = { 'form.preview-sample': '预览', 'form.preview-sample.reason': '原因', 'form.preview-sample.details': '详情' };

forEachDatabase('form previews for the designer', (database) => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  const start = async (): Promise<{ admin: ApiClient; agent: ApiClient }> => {
    const started = await startFullServer(database());
    running = started.running;
    const plain = await seedUser(running.runtime.db, { login: 'agent', roles: ['service-desk-agent'] });
    const agent = apiClient(running.url);
    await agent.login(plain.login, plain.password);
    return { admin: started.admin, agent };
  };
  const getAs = (client: ApiClient, path: string) => fetch(`${running!.url}${path}`, { headers: { cookie: `flowdesk_session=${client.sessionSecret}` } });

  it('shows an administrator a draft form in the language asked, with a validator module that checks the conditional field', async () => {
    const { admin } = await start();
    const preview = await admin.post('/designer/form-previews', { form: FORM, messages: ZH_TEXTS, locale: 'zh-CN' });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ id: 'preview-sample', locale: 'zh-CN', title: '预览' });
    expect(preview.body.schema.properties.reason.title).toBe('原因');
    expect(preview.body.schema.allOf[0].then.properties.details.title).toBe('详情');
    expect(preview.body.schema.properties.summary.title).toBe('form.preview-sample.summary');
    expect(preview.body.uiSchema['ui:field']).toBe('LayoutGridField');
    expect(preview.body.validatorUrl).toMatch(/^\/api\/v1\/designer\/form-previews\/[0-9a-f]{64}\/validator\.js$/);

    const script = await getAs(admin, preview.body.validatorUrl as string);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const validator = createPrecompiledValidator((await loadValidatorModule(await script.text())) as never, preview.body.schema);
    expect(validator.validateFormData({ reason: 'known', summary: 'Fine' }, preview.body.schema).errors).toEqual([]);
    expect(validator.validateFormData({ reason: 'other', details: 'Why', summary: 'Fine' }, preview.body.schema).errors).toEqual([]);
    expect(validator.validateFormData({ reason: 'other', summary: 'Fine' }, preview.body.schema).errors.map((e) => e.name)).toContain('required');
    expect(validator.validateFormData({ reason: 'known', stray: 1 }, preview.body.schema).errors.map((e) => e.name)).toContain('propertyNames');

    const again = await admin.post('/designer/form-previews', { form: FORM, messages: ZH_TEXTS, locale: 'zh-CN' });
    expect(again.body.validatorUrl).toBe(preview.body.validatorUrl);
    const english = await admin.post('/designer/form-previews', { form: FORM, messages: {}, locale: 'en' });
    expect(english.body.validatorUrl).not.toBe(preview.body.validatorUrl);
  });

  it('refuses everyone but administrators', async () => {
    const { admin, agent } = await start();
    expect((await agent.post('/designer/form-previews', { form: FORM, messages: {}, locale: 'en' })).status).toBe(403);
    const url = (await admin.post('/designer/form-previews', { form: FORM, messages: {}, locale: 'en' })).body.validatorUrl as string;
    expect((await getAs(agent, url)).status).toBe(403);
  });

  it('says what is wrong with a form that is not a bundle form or whose JSON Schema is unusable, with pointers', async () => {
    const { admin } = await start();
    const unusable = await admin.post('/designer/form-previews', { form: { ...FORM, schema: { type: 'object', properties: { summary: { type: 'string', minLenght: 2 } } } }, messages: {}, locale: 'en', path: 'forms/preview-sample.json' });
    expect([unusable.status, unusable.body.error.code]).toEqual([400, 'BUNDLE_SCHEMA_INVALID']);
    expect(unusable.body.error.details[0]).toMatchObject({ file: 'forms/preview-sample.json', pointer: '/schema' });
    expect(unusable.body.error.message).toMatch(/minLenght/);

    const misshapen = await admin.post('/designer/form-previews', { form: { ...FORM, id: 'Not An Id' }, messages: {}, locale: 'en' });
    expect([misshapen.status, misshapen.body.error.code]).toEqual([400, 'BUNDLE_SCHEMA_INVALID']);
    expect(misshapen.body.error.details[0].pointer).toBe('/id');

    expect((await admin.post('/designer/form-previews', { form: FORM, messages: {}, locale: 'fr' })).body.error.code).toBe('INPUT_INVALID');
    expect((await getAs(admin, `/api/v1/designer/form-previews/${'0'.repeat(64)}/validator.js`)).status).toBe(404);
  });
});

describe('the preview cache', () => {
  it('keeps the most recently used modules within its entry and byte limits', () => {
    const cache = createPreviewCache({ entries: 2, bytes: 10 });
    cache.set('a', 'aaaa');
    cache.set('b', 'bbbb');
    expect(cache.get('a')).toBe('aaaa');
    cache.set('c', 'cccc');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['aaaa', undefined, 'cccc']);
    cache.set('d', 'dddddddd');
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([undefined, undefined, 'dddddddd']);
    cache.set('e', 'x'.repeat(11));
    expect(cache.get('e')).toBeUndefined();
  });
});
