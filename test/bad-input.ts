/**
 * Hostile input for API tests, so every endpoint's suite can prove the same thing: bad input gets
 * a 4xx with its code, in the error envelope, and nothing is written.
 *
 *   for (const hostile of hostileBodies({ title: 'ok', priority: 2 })) {
 *     const response = await sendHostile(`${url}/api/v1/things`, 'POST', hostile);
 *     await expectRefused(response, hostile.expected);
 *   }
 */
import type { Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Express } from 'express';
import { ERROR_CODES, type Database, type ErrorCode } from '../engine/index.js';

/** One request body (bytes as sent), its headers, and the code it must be refused with. */
export interface HostileRequest {
  name: string;
  body: string | Buffer;
  headers: Record<string, string>;
  expected: ErrorCode;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/**
 * Bodies that must all be refused, built around one valid body of the endpoint: not JSON, wrong
 * media types, wrong types for each field, unknown and prototype-polluting fields, odd Unicode in
 * the first string field (NUL, controls, lone surrogates, U+FFFF, invalid and overlong UTF-8), a
 * string far past any sane maxLength, nesting past the depth limit, and a body past the size limit.
 */
export function hostileBodies(valid: Record<string, unknown>, options: { bodyLimitBytes?: number } = {}): HostileRequest[] {
  const limit = options.bodyLimitBytes ?? 1024 * 1024;
  const json = (name: string, body: string, expected: ErrorCode = 'INPUT_INVALID'): HostileRequest => ({ name, body, headers: JSON_TYPE, expected });
  const validText = JSON.stringify(valid);
  const cases: HostileRequest[] = [
    json('invalid JSON (cut short)', validText.slice(0, -1)),
    json('invalid JSON (single quotes)', `{'a': 1}`),
    json('invalid JSON (trailing garbage)', `${validText} x`),
    json('invalid JSON (a comment)', `/* hi */ ${validText}`),
    json('a bare string instead of an object', '"text"'),
    json('null instead of an object', 'null'),
    json('an array instead of an object', `[${validText}]`),
    json('an unknown field', JSON.stringify({ ...valid, unexpectedField: 1 })),
    json('a __proto__ key', `{"__proto__": {"isAdmin": true}, ${validText.slice(1)}`),
    json('a constructor key', `{"constructor": {"prototype": {"isAdmin": true}}, ${validText.slice(1)}`),
    json('nesting past the depth limit', JSON.stringify({ ...valid, unexpectedField: nested(64) })),
    { name: 'the same JSON as text/plain', body: validText, headers: { 'content-type': 'text/plain' }, expected: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'a form post', body: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' }, expected: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'JSON without a content type', body: Buffer.from(validText), headers: {}, expected: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'JSON in latin1', body: Buffer.from(validText, 'latin1'), headers: { 'content-type': 'application/json; charset=latin1' }, expected: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'gzip-compressed JSON', body: gzipSync(validText), headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, expected: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'a body past the size limit', body: JSON.stringify({ ...valid, padding: 'x'.repeat(limit) }), headers: JSON_TYPE, expected: 'PAYLOAD_TOO_LARGE' },
  ];
  for (const [field, value] of Object.entries(valid)) cases.push(json(`a wrong type for ${field}`, JSON.stringify({ ...valid, [field]: wrongTypeFor(value) })));
  const textField = Object.entries(valid).find(([, value]) => typeof value === 'string')?.[0];
  if (textField) cases.push(...oddText(valid, textField, limit));
  return cases;
}

/** The same request with odd text in one string field: each must be INPUT_INVALID. */
function oddText(valid: Record<string, unknown>, field: string, limit: number): HostileRequest[] {
  // Long enough for any sane maxLength, short enough to pass the body limit (3 UTF-8 bytes each).
  const long = Math.min(100_000, Math.floor(limit / 4));
  // Built as raw JSON text: a JS string with a lone surrogate would be sent as U+FFFD by fetch.
  const withRaw = (name: string, escapedValue: string): HostileRequest => ({
    name,
    body: JSON.stringify({ ...valid, [field]: '@@' }).replace('"@@"', `"${escapedValue}"`),
    headers: JSON_TYPE,
    expected: 'INPUT_INVALID',
  });
  const withBytes = (name: string, bytes: number[]): HostileRequest => {
    const [before, after] = JSON.stringify({ ...valid, [field]: '@@' }).split('@@') as [string, string];
    return { name, body: Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]), headers: JSON_TYPE, expected: 'INPUT_INVALID' };
  };
  return [
    withRaw(`NUL in ${field}`, 'a\\u0000b'),
    withRaw(`a bell control character in ${field}`, 'a\\u0007b'),
    withRaw(`a lone high surrogate in ${field}`, 'a\\ud800b'),
    withRaw(`a lone low surrogate in ${field}`, '\\udc00'),
    withRaw(`U+FFFF in ${field}`, 'a\\uffffb'),
    withBytes(`bytes that are not UTF-8 in ${field}`, [0x61, 0xff, 0xfe, 0x62]),
    withBytes(`an overlong UTF-8 encoding of "/" in ${field}`, [0xc0, 0xaf]),
    withBytes(`a UTF-8-encoded surrogate (CESU) in ${field}`, [0xed, 0xa0, 0x80]),
    { name: `a ${long}-character ${field}`, body: JSON.stringify({ ...valid, [field]: '长'.repeat(long) }), headers: JSON_TYPE, expected: 'INPUT_INVALID' },
  ];
}

function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (Array.isArray(value)) return { not: 'an array' };
  if (value !== null && typeof value === 'object') return 'not an object';
  return 'not a number or boolean';
}

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

/**
 * Search strings that must be taken as literal text: SQL injection, LIKE wildcards, full-text
 * operators of MySQL boolean mode and SQLite FTS, and odd but valid Unicode. A search endpoint
 * answers each with 2xx (only literal matches) or a 4xx it documents, never 500, never a write.
 */
export const HOSTILE_SEARCH_STRINGS: readonly string[] = [
  "' OR '1'='1",
  "'; DROP TABLE jobs; --",
  '" OR ""="',
  '1) OR (1=1',
  '1; SELECT SLEEP(5)',
  "O'Brien",
  '%',
  '_',
  '100%',
  'a_b',
  '\\',
  '\\%',
  '*',
  'term*',
  '+must -not',
  '"exact phrase"',
  '(a OR b) AND c',
  'NEAR(a b)',
  '@@ ~ < >',
  'MATCH(title) AGAINST(\'x\' IN BOOLEAN MODE)',
  '%25',
  '工单 搜索',
  'ＦＵＬＬ　ｗｉｄｔｈ',
  'e\u0301 vs é',
  '\u202Eevil.exe',
  '🔥🚒',
];

/**
 * Asserts a refusal: the code's HTTP status, the error envelope with the code, a request id that
 * matches X-Request-Id, and nothing that looks like a stack trace. Returns the parsed body.
 */
export async function expectRefused(response: Response, code: ErrorCode): Promise<{ error: { code: string; message: string; details: unknown[] }; requestId: string }> {
  const text = await response.text();
  expect({ status: response.status, body: text.slice(0, 300) }).toEqual({ status: ERROR_CODES[code].httpStatus, body: expect.any(String) });
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error: { code: string; message: string; details: unknown[] }; requestId: string };
  expect(Object.keys(body).sort()).toEqual(['error', 'requestId']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(body.error.code).toBe(code);
  expect(Array.isArray(body.error.details)).toBe(true);
  expect(body.requestId).toMatch(/\S/);
  expect(response.headers.get('x-request-id')).toBe(body.requestId);
  expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts:\d+|stack/i);
  return body;
}

/** Sends a hostile request's exact bytes. */
export function sendHostile(url: string, method: string, request: HostileRequest, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method, body: request.body, headers: { ...request.headers, ...headers } });
}

/** Serves an express app on a free loopback port for one test; `close` ends it and its connections. */
export async function listenOnLoopback(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * Row counts of every table in the database (migrations bookkeeping aside): equal before and
 * after means the requests wrote nothing anywhere.
 */
export async function everyTableCount(db: Database): Promise<Record<string, number>> {
  const names =
    db.dialect === 'sqlite'
      ? ((await db.knex('sqlite_master').where({ type: 'table' }).select('name')) as Array<{ name: string }>).map((row) => row.name)
      : ((await db.knex('information_schema.tables').whereRaw('table_schema = database()').select({ name: 'table_name' })) as Array<{ name: string }>).map((row) => row.name);
  const counts: Record<string, number> = {};
  for (const name of names.filter((table) => !table.startsWith('sqlite_') && !table.startsWith('flowdesk_migrations')).sort()) {
    const [row] = (await db.knex(name).count({ n: '*' })) as Array<{ n: number | string }>;
    counts[name] = Number(row!.n);
  }
  return counts;
}
