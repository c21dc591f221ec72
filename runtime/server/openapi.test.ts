import { Type } from '@sinclair/typebox';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ERROR_CODES, isErrorCode, type BundleRegistry } from '../../engine/index.js';
import { route, type ApiRoute } from './api-route.js';
import { bundleRoutes } from './bundles.routes.js';
import { buildOpenApiDocument, defaultOperationId, openApiPath, type OpenApiDocument } from './openapi.js';
import { referenceRoutes, renderReferencePage } from './reference-page.js';

const Record = Type.Object({ id: Type.String(), title: Type.String({ maxLength: 200, description: 'One line.' }), version: Type.Integer() });

const sampleRoutes: ApiRoute[] = [
  ...bundleRoutes({} as BundleRegistry),
  route({
    method: 'get',
    path: '/records/:type',
    summary: 'List records',
    tag: 'records',
    access: 'user',
    params: Type.Object({ type: Type.String({ maxLength: 100 }) }),
    query: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in the title.' })), limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) }),
    response: Type.Object({ records: Type.Array(Record) }),
    errors: ['RECORD_TYPE_NOT_FOUND'],
    handler: async () => ({ records: [] }),
  }),
  route({
    method: 'patch',
    path: '/records/:type/:id',
    summary: 'Change a record <b>carefully</b>',
    tag: 'records',
    access: 'user',
    params: Type.Object({ type: Type.String(), id: Type.String() }),
    body: Type.Object({ title: Type.Optional(Type.String({ maxLength: 200 })), version: Type.Integer() }),
    response: Record,
    errors: ['RECORD_NOT_FOUND', 'RECORD_VERSION_CONFLICT', 'REFERENCE_OUT_OF_SCOPE'],
    handler: async () => ({ id: 'x', title: 'x', version: 2 }),
  }),
  route({
    method: 'post',
    path: '/records/:type/:id/attachments',
    summary: 'Attach a file',
    tag: 'records',
    access: 'user',
    bodyType: 'multipart',
    params: Type.Object({ type: Type.String(), id: Type.String() }),
    body: Type.Object({ file: Type.String({ contentMediaType: 'application/octet-stream' }) }),
    status: 201,
    handler: async () => undefined,
  }),
  route({ method: 'delete', path: '/users/:id', summary: 'Delete a user', tag: 'identity', access: 'admin', params: Type.Object({ id: Type.String() }), status: 204, handler: async () => undefined }),
];

function documentOf(routes: readonly ApiRoute[]): OpenApiDocument {
  const all = [...routes, ...referenceRoutes(() => document)];
  const document = buildOpenApiDocument(all, { version: '9.9.9' });
  return document;
}

/** Every `$ref` in the document, as its pointer. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refsIn(item, found);
    }
  }
  return found;
}

function resolvePointer(document: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

describe('the OpenAPI document', () => {
  const document = documentOf(sampleRoutes);
  const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })));

  it('is OpenAPI 3.1 with info, a server under /api/v1, declared tags and the three security schemes', () => {
    expect(document).toMatchObject({ openapi: '3.1.0', info: { title: 'Flowdesk API', version: '9.9.9' }, servers: [{ url: '/api/v1' }] });
    expect((document['tags'] as Array<{ name: string }>).map((t) => t.name)).toEqual(['bundles', 'identity', 'records', 'reference']);
    expect((document['components'] as { securitySchemes: object }).securitySchemes).toEqual({
      sessionCookie: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'flowdesk_session' }),
      csrfToken: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' }),
      bearerToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
  });

  it('has every declared route, its express parameters written as {param}', () => {
    const listed = operations.map((o) => `${o.method} ${o.path}`).sort();
    const declared = [...sampleRoutes, ...referenceRoutes(() => document)].map((r) => `${r.method} ${openApiPath(r.path)}`).sort();
    expect(listed).toEqual(declared);
    expect(Object.keys(document.paths)).toContain('/records/{type}/{id}/attachments');
  });

  it('declares each path parameter once, required, and each query parameter with its own required flag', () => {
    for (const { path, operation } of operations) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (operation.parameters ?? []).filter((p) => p['in'] === 'path');
      expect({ path, names: declared.map((p) => p['name']) }).toEqual({ path, names: inPath });
      for (const parameter of declared) expect(parameter['required']).toBe(true);
    }
    const list = document.paths['/records/{type}']!['get']!;
    expect(list.parameters).toEqual([
      { name: 'type', in: 'path', required: true, schema: { type: 'string', maxLength: 100 } },
      { name: 'q', in: 'query', required: false, description: 'Words in the title.', schema: { type: 'string', maxLength: 200 } },
      { name: 'limit', in: 'query', required: true, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
    ]);
  });

  it('has unique operation ids made from the method and path', () => {
    const ids = operations.map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(defaultOperationId('get', '/records/:type/:id')).toBe('getRecordsByTypeById');
    expect(document.paths['/openapi.json']!['get']!.operationId).toBe('getOpenapiJson');
  });

  it('documents bodies closed to unknown fields, as the validator takes them, with their media type', () => {
    const patch = document.paths['/records/{type}/{id}']!['patch']!;
    expect(patch.requestBody).toEqual({ required: true, content: { 'application/json': { schema: expect.objectContaining({ type: 'object', additionalProperties: false, required: ['version'] }) } } });
    expect(Object.keys((document.paths['/records/{type}/{id}/attachments']!['post']!.requestBody as { content: object }).content)).toEqual(['multipart/form-data']);
  });

  it('lists every error an operation may answer, grouped by status, in the one envelope', () => {
    for (const { operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const schema = (response['content'] as Record<string, { schema: { allOf: Array<Record<string, unknown>> } }>)['application/json']!.schema;
        expect(schema.allOf[0]).toEqual({ $ref: '#/components/schemas/ErrorEnvelope' });
        const codes = (schema.allOf[1] as { properties: { error: { properties: { code: { enum: string[] } } } } }).properties.error.properties.code.enum;
        for (const code of codes) expect({ code, status: isErrorCode(code) ? ERROR_CODES[code].httpStatus : 'unknown' }).toEqual({ code, status: Number(status) });
      }
    }
    const patch = document.paths['/records/{type}/{id}']!['patch']!;
    expect(Object.keys(patch.responses)).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '422', '429', '500']);
    expect(patch.responses['403']!['description']).toMatch(/^CSRF_INVALID: /);
    expect(patch.security).toEqual([{ sessionCookie: [], csrfToken: [] }, { bearerToken: [] }]);
    expect(document.paths['/records/{type}']!['get']!.security).toEqual([{ sessionCookie: [] }, { bearerToken: [] }]);
    expect(document.paths['/bundles']!['get']!.security).toEqual([{ sessionCookie: [] }, { bearerToken: [] }]);
    expect(document.paths['/openapi.json']!['get']!.security).toBeUndefined();
    expect(Object.keys(document.paths['/users/{id}']!['delete']!.responses)).toEqual(['204', '400', '401', '403', '429', '500']);
  });

  it('has only $refs that resolve and schemas that compile as JSON Schema 2020-12', () => {
    for (const ref of refsIn(document)) expect({ ref, resolved: resolvePointer(document, ref) !== undefined }).toEqual({ ref, resolved: true });
    const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: 'doc', $defs: (document['components'] as { schemas: object }).schemas });
    const schemas: unknown[] = [];
    for (const { operation } of operations) {
      for (const parameter of operation.parameters ?? []) schemas.push(parameter['schema']);
      for (const media of Object.values((operation.requestBody?.['content'] ?? {}) as Record<string, { schema: unknown }>)) schemas.push(media.schema);
      for (const response of Object.values(operation.responses)) for (const media of Object.values((response['content'] ?? {}) as Record<string, { schema: unknown }>)) schemas.push(media.schema);
    }
    for (const schema of schemas) expect(() => ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components\/schemas\//g, '"doc#/$defs/')) as object)).not.toThrow();
    expect(schemas.length).toBeGreaterThan(30);
  });

  it('refuses, at start, an unknown error code, a duplicate operation id and a path it cannot express', () => {
    const base = { summary: 's', tag: 't', access: 'public' as const, handler: async () => undefined };
    expect(() => buildOpenApiDocument([route({ ...base, method: 'get', path: '/a', errors: ['NO_SUCH_CODE'] })], { version: '1' })).toThrow(/unknown error code NO_SUCH_CODE/);
    expect(() => buildOpenApiDocument([route({ ...base, method: 'get', path: '/a' }), route({ ...base, method: 'get', path: '/b', operationId: 'getA' })], { version: '1' })).toThrow(/getA/);
    expect(() => openApiPath('/files{/:name}')).toThrow(/optional/);
  });
});

describe('the reference page', () => {
  const document = documentOf(sampleRoutes);
  const page = renderReferencePage(document);

  it('shows every operation with an anchor, its parameters, body and error codes', () => {
    for (const item of Object.values(document.paths)) for (const operation of Object.values(item)) expect(page).toContain(`id="op-${operation.operationId}"`);
    expect(page).toContain('<code>/records/{type}/{id}</code>');
    expect(page).toContain('<code>RECORD_VERSION_CONFLICT</code>');
    expect(page).toContain('Words in the title.');
    expect(page).toContain('href="/api/v1/openapi.json"');
    expect(page).toContain('id="error-codes"');
  });

  it('works under the strict CSP and offline: no script, no inline style, nothing from elsewhere', () => {
    expect(page).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=|javascript:/i);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(page).toContain('<link rel="stylesheet" href="/api/v1/docs/reference.css">');
  });

  it('escapes text from the routes', () => {
    expect(page).toContain('Change a record &#60;b&#62;carefully&#60;/b&#62;');
    expect(page).not.toContain('<b>carefully');
  });
});
