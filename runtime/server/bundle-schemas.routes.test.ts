import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ErrorObject } from 'ajv';
import { KIND_SCHEMAS, createSchemaValidator } from '../../engine/index.js';
import { seedUser, apiClient, type ApiClient } from '../../test/api-app.js';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { startFullServer } from '../../test/full-server.js';
import { BUNDLE_FORMATS, BUNDLE_FORMATS_MODULE, bundleSchemaModule, type SchemaKind } from './bundle-schemas.routes.js';
import type { RunningServer } from './serve.js';

type Validate = ((value: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The module as the designer gets it, run here with the helpers it names (the designer bundles the same). */
async function loadValidatorModule(code: string): Promise<Validate> {
  const file = join(mkdtempSync(join(tmpdir(), 'flowdesk-kind-validator-')), 'validator.mjs');
  writeFileSync(file, code);
  const module = (await import(pathToFileURL(file).href)) as { default: (require: (name: string) => unknown) => Validate };
  const nodeRequire = createRequire(import.meta.url);
  return module.default((name) => (name === BUNDLE_FORMATS_MODULE ? BUNDLE_FORMATS : nodeRequire(name)));
}

const definitionFile = (bundle: string, path: string): unknown => JSON.parse(readFileSync(join(REPO_ROOT, 'definitions', bundle, path), 'utf8'));

/** Every JSON content file of the bundles in definitions/, with its kind. */
function definitionFiles(): Array<{ kind: SchemaKind; file: string; value: unknown }> {
  return ['flowdesk-sample', 'itil-incident', 'itil-request'].flatMap((bundle) => {
    const { contents } = definitionFile(bundle, 'bundle.json') as { contents: Record<string, string[]> };
    return Object.entries(contents)
      .filter((entry): entry is [SchemaKind, string[]] => Object.hasOwn(KIND_SCHEMAS, entry[0]))
      .flatMap(([kind, paths]) => paths.map((path) => ({ kind, file: `${bundle}/${path}`, value: definitionFile(bundle, path) })));
  });
}

describe('bundle kind validators compiled for the designer', () => {
  it('judge every definitions file, and a broken copy of each, as the engine does', async () => {
    const engine = createSchemaValidator();
    const validators = new Map<SchemaKind, Validate>();
    for (const kind of Object.keys(KIND_SCHEMAS) as SchemaKind[]) validators.set(kind, await loadValidatorModule(bundleSchemaModule(kind).code));
    const files = definitionFiles();
    expect(files.length).toBeGreaterThan(30);
    for (const { kind, file, value } of files) {
      const broken = { ...(value as object), unexpected: true };
      const verdicts = [value, broken].map((v) => ({ file, browser: validators.get(kind)!(v), engine: engine.check(KIND_SCHEMAS[kind], v, file).length === 0 }));
      expect(verdicts).toEqual([
        { file, browser: true, engine: true },
        { file, browser: false, engine: false },
      ]);
    }
  });

  it('compiles a kind to the same module every time, so its ETag outlives a restart', () => {
    expect(bundleSchemaModule('calendars').sha256).toBe(bundleSchemaModule('calendars').sha256);
  });
});

forEachDatabase('the designer schema and preview endpoints', (database) => {
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

  it('serves an administrator the validator of a kind, which accepts a real file and points at what is wrong in a broken one', async () => {
    const { admin, agent } = await start();
    const served = await admin.raw('GET', '/designer/schemas/calendars/validator.js');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await served.text();
    expect(code).toMatch(/^export default function validator\(require\)/);
    expect((await admin.raw('GET', '/designer/schemas/calendars/validator.js', { headers: { 'if-none-match': served.headers.get('etag')!, 'cache-control': 'max-age=0' } })).status).toBe(304);

    const validate = await loadValidatorModule(code);
    const calendar = definitionFile('flowdesk-sample', 'calendars/office-hours.json') as { timeZone: string; holidays?: unknown[] };
    expect(validate(calendar)).toBe(true);
    expect(validate({ ...calendar, timeZone: 'Mars/Olympus', holidays: [{ date: '2027-02-30' }] })).toBe(false);
    expect(validate.errors!.map((e) => [e.instancePath, e.keyword])).toEqual([
      ['/timeZone', 'format'],
      ['/holidays/0/date', 'format'],
    ]);

    expect((await agent.raw('GET', '/designer/schemas/calendars/validator.js')).status).toBe(403);
    const unknown = await admin.get('/designer/schemas/processes/validator.js');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no bundle content kind "processes" with a JSON Schema') });
  });

  it('renders notification templates in both languages as the engine does, and says why one cannot be rendered', async () => {
    const { admin, agent } = await start();
    const sample = { number: 'SUG-000042', title: 'Quieter printers', fields: { subject: '<b>Quiet</b> please' }, recipient: { name: 'Ann' } };
    const answer = await admin.post('/designer/notification-preview', {
      templates: {
        en: { subject: 'We received {{number}}\nfrom {{recipient.name}}', body: 'Thanks for "{{subject}}".\nSee you.' },
        'zh-CN': { subject: '已收到 {{number}}', body: '{{#fields}}{{subject' },
      },
      sample,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.rendered.en).toEqual({
      subject: 'We received SUG-000042 from Ann',
      text: 'Thanks for "<b>Quiet</b> please".\nSee you.',
      html: 'Thanks for "&lt;b&gt;Quiet&lt;&#x2F;b&gt; please".<br>\nSee you.',
    });
    expect(answer.body.rendered['zh-CN']).toEqual({ error: expect.stringMatching(/unclosed/i) });
    expect((await agent.post('/designer/notification-preview', { templates: {}, sample })).status).toBe(403);
  });
});
