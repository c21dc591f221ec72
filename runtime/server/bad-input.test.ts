import { Type } from '@sinclair/typebox';
import { pino } from 'pino';
import { FlowdeskError, createBundleRegistry, createSchemaValidator, systemClock, type Database } from '../../engine/index.js';
import { HOSTILE_SEARCH_STRINGS, everyTableCount, expectRefused, hostileBodies, listenOnLoopback, sendHostile } from '../../test/bad-input.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { DEFAULT_HTTP_CONFIG } from '../config.js';
import { route, type ApiRoute } from './api-route.js';
import { createApp } from './app.js';
import { bundleRoutes } from './bundles.routes.js';

const NoteBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  priority: Type.Integer({ minimum: 1, maximum: 5 }),
  tags: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 10 }),
  urgent: Type.Boolean(),
});
const VALID_NOTE = { title: 'Printer on floor 3 is jammed', priority: 2, tags: ['printer'], urgent: false };

/** Throwaway endpoints declared with the route contract; the POSTs write a row each. */
function noteRoutes(db: Database): ApiRoute[] {
  return [
    route({
      method: 'post',
      path: '/test-notes',
      summary: 'Write a note',
      tag: 'test',
      access: 'public',
      body: NoteBody,
      status: 201,
      handler: async ({ body }) => {
        const id = `note-${Math.random().toString(36).slice(2, 10)}`;
        await db.knex('test_notes').insert({ id, title: body.title, body: JSON.stringify(body) });
        return { id };
      },
    }),
    route({
      method: 'get',
      path: '/test-notes',
      summary: 'Search notes by title',
      tag: 'test',
      access: 'public',
      query: Type.Object({ q: Type.String({ maxLength: 200 }), limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }) }),
      handler: async ({ query }) => {
        const pattern = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`;
        const rows = (await db.knex('test_notes').whereRaw('title LIKE ? ESCAPE ?', [pattern, '\\']).orderBy('title').limit(query.limit).select('title')) as Array<{ title: string }>;
        return { titles: rows.map((row) => row.title) };
      },
    }),
    route({
      method: 'get',
      path: '/test-notes/:id',
      summary: 'Read a note',
      tag: 'test',
      access: 'public',
      params: Type.Object({ id: Type.String({ pattern: '^note-[a-z0-9]{1,20}$' }) }),
      errors: ['NOT_FOUND'],
      handler: async ({ params }) => {
        const row = (await db.knex('test_notes').where({ id: params.id }).first()) as { title: string } | undefined;
        if (!row) throw new FlowdeskError('NOT_FOUND', 'no such note');
        return { title: row.title };
      },
    }),
    route({
      method: 'post',
      path: '/test-uploads',
      summary: 'Upload a file',
      tag: 'test',
      access: 'public',
      bodyType: 'multipart',
      body: Type.Object({ file: Type.String({ contentMediaType: 'application/octet-stream' }) }),
      status: 201,
      handler: async ({ req }) => {
        let bytes = 0;
        for await (const chunk of req) bytes += (chunk as Buffer).length;
        await db.knex('test_notes').insert({ id: `upload-${bytes}`, title: 'upload', body: String(bytes) });
        return { bytes };
      },
    }),
    route({
      method: 'get',
      path: '/test-crash',
      summary: 'Fail with a plain error',
      tag: 'test',
      access: 'public',
      handler: async () => {
        throw new Error('connect ECONNREFUSED db.internal:3306 user=flowdesk password=hunter2');
      },
    }),
  ];
}

forEachDatabase('bad input', (database) => {
  let served: { url: string; close(): Promise<void> };
  let api: string;

  beforeEach(async () => {
    const { db } = database();
    await db.knex.schema.createTable('test_notes', (table) => {
      table.string('id', 40).primary();
      table.string('title', 200).notNullable();
      table.text('body').notNullable();
    });
    const registry = createBundleRegistry({ db, clock: systemClock, schemas: createSchemaValidator() });
    const http = { ...DEFAULT_HTTP_CONFIG, bodyLimitBytes: 64 * 1024, rateLimits: { api: { limit: 0, windowMs: 1000 }, login: { limit: 0, windowMs: 1000 } } };
    const app = createApp({ log: pino({ level: 'silent' }), db, routes: [...bundleRoutes(registry), ...noteRoutes(db)], config: { http } });
    served = await listenOnLoopback(app);
    api = `${served.url}/api/v1`;
  });
  afterEach(async () => {
    await served.close();
  });

  const counts = () => everyTableCount(database().db);

  it('writes a valid note (the control: the endpoint does write)', async () => {
    const response = await fetch(`${api}/test-notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(VALID_NOTE) });
    expect(response.status).toBe(201);
    expect((await counts())['test_notes']).toBe(1);
  });

  it('refuses every hostile body with its code and writes nothing', async () => {
    const before = await counts();
    const refusals: Array<{ name: string; code: string }> = [];
    for (const hostile of hostileBodies(VALID_NOTE, { bodyLimitBytes: 64 * 1024 })) {
      const response = await sendHostile(`${api}/test-notes`, 'POST', hostile);
      const body = await expectRefused(response, hostile.expected).catch((error: Error) => {
        throw new Error(`${hostile.name}: ${error.message}`);
      });
      refusals.push({ name: hostile.name, code: body.error.code });
    }
    expect(refusals.length).toBeGreaterThanOrEqual(30);
    expect(await counts()).toEqual(before);
  });

  it('names each violation with its pointer: wrong types, unknown fields, missing fields', async () => {
    const response = await fetch(`${api}/test-notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 7, priority: '2', tags: 'printer', extra: true }),
    });
    const { error } = await expectRefused(response, 'INPUT_INVALID');
    const pointers = (error.details as Array<{ pointer: string }>).map((d) => d.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['body/title', 'body/priority', 'body/tags', 'body/extra', 'body']));
    expect(await counts()).toEqual(expect.objectContaining({ test_notes: 0 }));
  });

  it('refuses odd text in keys, not only in values', async () => {
    const response = await fetch(`${api}/test-notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"ti\\u0000tle": "x", "priority": 1, "tags": [], "urgent": true}` });
    const { error } = await expectRefused(response, 'INPUT_INVALID');
    expect(error.details).toEqual([{ pointer: 'body/ti\u0000tle', message: expect.stringMatching(/^the key holds a control character/) }]);
  });

  it('takes SQL and full-text operators in a search string as literal text', async () => {
    for (const title of ["O'Brien's laptop", '100% done', '1000 items', 'a_b c', 'axb c', '工单 搜索 test', 'plain']) {
      await fetch(`${api}/test-notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...VALID_NOTE, title }) });
    }
    const before = await counts();
    for (const q of HOSTILE_SEARCH_STRINGS) {
      const response = await fetch(`${api}/test-notes?q=${encodeURIComponent(q)}`);
      expect({ q, status: response.status }).toEqual({ q, status: 200 });
      const { titles } = (await response.json()) as { titles: string[] };
      for (const title of titles) expect({ q, title, matches: title.toLowerCase().includes(q.toLowerCase()) }).toEqual({ q, title, matches: true });
    }
    const found = async (q: string) => ((await (await fetch(`${api}/test-notes?q=${encodeURIComponent(q)}`)).json()) as { titles: string[] }).titles;
    expect(await found("' OR '1'='1")).toEqual([]);
    expect(await found('100%')).toEqual(['100% done']);
    expect(await found('a_b')).toEqual(['a_b c']);
    expect(await found('工单')).toEqual(['工单 搜索 test']);
    expect(await counts()).toEqual(before);
  });

  it('refuses bad query strings: unknown parameters, wrong types, repeats, NUL, overlong values', async () => {
    for (const [query, pointer] of [
      ['q=a&admin=1', 'query/admin'],
      ['q=a&limit=ten', 'query/limit'],
      ['q=a&limit=1000', 'query/limit'],
      ['q=a&q=b', 'query/q'],
      ['q=a%00b', 'query/q'],
      ['q=a%EF%BF%BFb', 'query/q'],
      [`q=${'x'.repeat(201)}`, 'query/q'],
      ['limit=5', 'query'],
    ] as const) {
      const { error } = await expectRefused(await fetch(`${api}/test-notes?${query}`), 'INPUT_INVALID');
      expect({ query, pointers: (error.details as Array<{ pointer: string }>).map((d) => d.pointer) }).toEqual({ query, pointers: expect.arrayContaining([pointer]) });
    }
  });

  it('refuses bad path parameters: malformed percent-encoding, NUL, off-pattern', async () => {
    for (const id of ['%E0%A4%A', 'note-%00', `note-${'a'.repeat(50)}`, "note-1' OR '1'='1"]) {
      await expectRefused(await fetch(`${api}/test-notes/${id}`), 'INPUT_INVALID');
    }
    await expectRefused(await fetch(`${api}/test-notes/note-missing`), 'NOT_FOUND');
  });

  it('takes multipart only on a route that declares it, and JSON only elsewhere', async () => {
    await expectRefused(await fetch(`${api}/test-uploads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"file":"x"}' }), 'UNSUPPORTED_MEDIA_TYPE');
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(1000)]), 'a.bin');
    expect((await fetch(`${api}/test-uploads`, { method: 'POST', body: form })).status).toBe(201);
    await expectRefused(await fetch(`${api}/test-notes`, { method: 'POST', body: new FormData() }), 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a plain thrown error with INTERNAL and a fixed message, never its text', async () => {
    const { error } = await expectRefused(await fetch(`${api}/test-crash`), 'INTERNAL');
    expect(error).toEqual({ code: 'INTERNAL', message: 'Internal error', details: [] });
  });

  it('refuses bad input to the bundles endpoint and the probes', async () => {
    const before = await counts();
    await expectRefused(await fetch(`${api}/bundles?search=x`), 'UNAUTHENTICATED');
    await expectRefused(await fetch(`${api}/bundles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' }), 'INPUT_INVALID');
    await expectRefused(await fetch(`${api}/bundles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(70 * 1024) }) }), 'PAYLOAD_TOO_LARGE');
    await expectRefused(await fetch(`${api}/bundles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 'NOT_FOUND');
    await expectRefused(await fetch(`${api}/bundles`, { method: 'DELETE' }), 'NOT_FOUND');
    await expectRefused(await fetch(`${api}/bundles`, { method: 'PATCH', headers: { 'content-type': 'text/plain' }, body: 'x' }), 'NOT_FOUND');
    await expectRefused(await fetch(`${served.url}/healthz`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }), 'NOT_FOUND');
    await expectRefused(await fetch(`${served.url}/readyz`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }), 'NOT_FOUND');
    expect(await counts()).toEqual(before);
  });
});
