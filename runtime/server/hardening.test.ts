import { Writable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { pino, type Logger } from 'pino';
import { FlowdeskError } from '../../engine/index.js';
import { expectRefused, listenOnLoopback } from '../../test/bad-input.js';
import { createTestDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { DEFAULT_HTTP_CONFIG, readHttpConfig, type HttpConfig } from '../config.js';
import { route, setCaller, type ApiRoute } from './api-route.js';
import { createApp } from './app.js';
import { createLoginLimiter } from './hardening.js';

const silent = pino({ level: 'silent' });
const noLimits: HttpConfig['rateLimits'] = { api: { limit: 0, windowMs: 60_000 }, login: { limit: 0, windowMs: 60_000 } };

function testRoutes(http: HttpConfig, log: Logger = silent): ApiRoute[] {
  return [
    route({ method: 'get', path: '/ping', summary: 'Ping', tag: 'test', access: 'public', handler: async () => ({ pong: true }) }),
    route({ method: 'get', path: '/markup', summary: 'Markup', tag: 'test', access: 'public', handler: async () => ({ text: '<img src=x onerror=alert(1)>&' }) }),
    route({
      method: 'post',
      path: '/echo',
      summary: 'Echo',
      tag: 'test',
      access: 'public',
      body: Type.Object({ text: Type.String({ maxLength: 100_000 }) }),
      handler: async ({ body }) => ({ length: body.text.length }),
    }),
    route({
      method: 'post',
      path: '/test-login',
      summary: 'Log in',
      tag: 'test',
      access: 'public',
      before: [createLoginLimiter(http.rateLimits.login, { log })],
      body: Type.Object({ password: Type.String({ maxLength: 100 }) }),
      errors: ['LOGIN_FAILED'],
      handler: async ({ body }) => {
        if (body.password !== 'right') throw new FlowdeskError('LOGIN_FAILED', 'wrong login or password');
        return { ok: true };
      },
    }),
    route({
      method: 'get',
      path: '/test-crash',
      summary: 'Crash',
      tag: 'test',
      access: 'public',
      handler: async () => {
        throw new TypeError('cannot read properties of undefined (reading "secret")');
      },
    }),
    route({
      method: 'post',
      path: '/test-session',
      summary: 'Set a session cookie',
      tag: 'test',
      access: 'public',
      handler: async ({ res }) => {
        res.setHeader('Set-Cookie', 'flowdesk_session=s3cr3t-set-cookie; HttpOnly');
        return { csrfToken: 'not-logged' };
      },
    }),
    route({ method: 'get', path: '/me', summary: 'Who am I', tag: 'test', access: 'user', handler: async ({ caller }) => ({ login: caller!.login }) }),
  ];
}

describe('the hardened edge', () => {
  let database: TestDatabase;
  let served: { url: string; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await database.drop();
  });
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  const serve = async (http: Partial<HttpConfig> = {}, log: Logger = silent, extra: Parameters<typeof createApp>[0]['authenticate'] = undefined) => {
    const config = { http: { ...DEFAULT_HTTP_CONFIG, rateLimits: noLimits, ...http } };
    const app = createApp({ log, db: database.db, routes: testRoutes(config.http, log), config, ...(extra ? { authenticate: extra } : {}) });
    served = await listenOnLoopback(app);
    return served.url;
  };

  it('sends a strict Content-Security-Policy: no inline or eval script, style elements only from files or with a fresh nonce', async () => {
    const url = await serve();
    const first = await fetch(`${url}/api/v1/ping`);
    const policy = first.headers.get('content-security-policy')!;
    const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/=]{24}'$/)],
      'style-src-attr': ["'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'self'"],
    });
    // The one exception: style attributes (they run nothing and can load from nowhere else).
    expect(policy.replace("style-src-attr 'unsafe-inline'", '')).not.toMatch(/unsafe-(eval|inline|hashes)|\*/);
    const second = await fetch(`${url}/api/v1/ping`);
    expect(second.headers.get('content-security-policy')).not.toBe(policy);
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(first.headers.get('x-powered-by')).toBeNull();
  });

  it('escapes markup characters in JSON answers, so no answer can be sniffed into a page', async () => {
    const url = await serve();
    const text = await (await fetch(`${url}/api/v1/markup`)).text();
    expect(text).toBe('{"text":"\\u003cimg src=x onerror=alert(1)\\u003e\\u0026"}');
    expect(JSON.parse(text)).toEqual({ text: '<img src=x onerror=alert(1)>&' });
  });

  it('sends no CORS header when no origin is configured, even to a preflight', async () => {
    const url = await serve();
    const simple = await fetch(`${url}/api/v1/ping`, { headers: { origin: 'https://evil.example' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${url}/api/v1/echo`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('allows exactly the configured origins, with credentials, and answers their preflights', async () => {
    const url = await serve({ corsOrigins: readHttpConfig({ FLOWDESK_CORS_ORIGINS: 'https://portal.example.com, http://localhost:5173' }).corsOrigins });
    const allowed = await fetch(`${url}/api/v1/ping`, { headers: { origin: 'https://portal.example.com' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    const preflight = await fetch(`${url}/api/v1/echo`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-csrf-token' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-CSRF-Token/);
    const other = await fetch(`${url}/api/v1/ping`, { headers: { origin: 'https://portal.example.com.evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses CORS settings that would open the API to any site', () => {
    for (const value of ['*', 'https://a.example/path', 'portal.example.com', 'ftp://a.example']) {
      expect(() => readHttpConfig({ FLOWDESK_CORS_ORIGINS: value })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    }
  });

  it('limits API requests per client with RATE_LIMITED and Retry-After, and leaves the probes alone', async () => {
    const url = await serve({ rateLimits: { ...noLimits, api: { limit: 3, windowMs: 60_000 } } });
    for (let i = 0; i < 3; i += 1) expect((await fetch(`${url}/api/v1/ping`)).status).toBe(200);
    const limited = await fetch(`${url}/api/v1/ping`);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-policy')).toMatch(/q=3; w=60/);
    await expectRefused(limited, 'RATE_LIMITED');
    await expectRefused(await fetch(`${url}/api/v1/nothing`), 'RATE_LIMITED');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('turns a limit off with 0, for benchmarks', async () => {
    const url = await serve();
    const statuses = await Promise.all(Array.from({ length: 50 }, () => fetch(`${url}/api/v1/ping`).then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it('counts only failed logins against the login limit', async () => {
    const url = await serve({ rateLimits: { ...noLimits, login: { limit: 2, windowMs: 60_000 } } });
    const login = (password: string) => fetch(`${url}/api/v1/test-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }) });
    for (let i = 0; i < 4; i += 1) expect((await login('right')).status).toBe(200);
    await expectRefused(await login('wrong'), 'LOGIN_FAILED');
    await expectRefused(await login('wrong'), 'LOGIN_FAILED');
    const limited = await login('right');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectRefused(limited, 'RATE_LIMITED');
    expect((await fetch(`${url}/api/v1/ping`)).status).toBe(200);
  });

  it('takes the body limit from the configuration', async () => {
    const url = await serve({ bodyLimitBytes: 2048 });
    const post = (text: string) => fetch(`${url}/api/v1/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    expect((await post('x'.repeat(1900))).status).toBe(200);
    await expectRefused(await post('x'.repeat(2100)), 'PAYLOAD_TOO_LARGE');
    expect(() => readHttpConfig({ FLOWDESK_BODY_LIMIT: '1mb' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('FLOWDESK_BODY_LIMIT') }));
  });

  it('keeps a sane X-Request-Id and replaces one that is not', async () => {
    const url = await serve();
    expect((await fetch(`${url}/api/v1/ping`, { headers: { 'x-request-id': 'lb-7f3a.42' } })).headers.get('x-request-id')).toBe('lb-7f3a.42');
    const replaced = (await fetch(`${url}/api/v1/ping`, { headers: { 'x-request-id': 'a b <script>' } })).headers.get('x-request-id');
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs JSON lines with the request id, the failure of an unexpected error, and never cookies or tokens', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(...chunk.toString().split('\n').filter(Boolean)), done()) });
    const url = await serve({}, pino({ level: 'info' }, sink));
    const crash = await fetch(`${url}/api/v1/test-crash`, { headers: { 'x-request-id': 'req-crash-1', cookie: 'flowdesk_session=s3cr3t-cookie', authorization: 'Bearer s3cr3t-token' } });
    const { error } = await expectRefused(crash, 'INTERNAL');
    expect(error.message).toBe('Internal error');
    expect((await fetch(`${url}/api/v1/test-session`, { method: 'POST', headers: { 'x-csrf-token': 's3cr3t-csrf' } })).status).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    const entries = lines.map((line) => JSON.parse(line) as { req?: { id?: string }; reqId?: string; msg: string; err?: { message: string } });
    const failure = entries.find((entry) => entry.msg === 'request failed');
    expect(failure).toMatchObject({ req: { id: 'req-crash-1' }, err: { message: expect.stringContaining('secret') } });
    expect(entries.some((entry) => entry.req?.id === 'req-crash-1' && entry.msg === 'request errored')).toBe(true);
    expect(entries.filter((entry) => entry.msg === 'request completed')).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(/s3cr3t/);
  });

  it('runs the authenticate middleware before the routes, and routes check access', async () => {
    const url = await serve({}, silent, (req, _res, next) => {
      if (req.headers.authorization === 'Bearer good') setCaller(req, { userId: 'u1', login: 'ada', personId: null, organizationId: null, organizationIds: [], teamIds: [], roles: [], isAdmin: false, via: { kind: 'token', tokenId: 't1', scopes: [] }, language: 'en', timeZone: 'UTC' });
      next();
    });
    await expectRefused(await fetch(`${url}/api/v1/me`), 'UNAUTHENTICATED');
    expect(await (await fetch(`${url}/api/v1/me`, { headers: { authorization: 'Bearer good' } })).json()).toEqual({ login: 'ada' });
  });
});
