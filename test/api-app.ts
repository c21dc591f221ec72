/**
 * An API app for route tests: with a database, the real edge of runtime/server/app.ts (security
 * headers, request ids, the JSON body parser and its limits, the error envelope; the API rate
 * limit off); without one, a bare express with a JSON body parser and the same envelope. Either
 * way an authentication middleware and the routes under /api/v1, listening on a free loopback
 * port. With it a client that keeps the session cookie and CSRF token like a browser
 * would, or sends an API token, and helpers to seed accounts and to prove nothing was written.
 *
 *   const app = await startApiTestApp({ routes: [...authRoutes(deps)], authenticate: createAuthenticate({ db, clock }) });
 *   const admin = apiClient(app.url);
 *   await admin.login('root', 'a long enough password');
 *   const { status, body } = await admin.post('/organizations', { name: 'ACME' });
 */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { FlowdeskError, asFlowdeskError, type Clock, type Database } from '../engine/index.js';
import { createAuthenticate, createCredentialCache, createLoginService, type DirectorySync, type LdapDirectory, type LockoutPolicy, type LoginService, type SessionPolicy } from '../runtime/identity/index.js';
import { hashPassword } from '../runtime/identity/passwords.js';
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from '../runtime/config.js';
import { aroundWrites, createApiRouter, type ApiRoute } from '../runtime/server/api-route.js';
import { createApp } from '../runtime/server/app.js';
import { listenOnLoopback } from './bad-input.js';
import { createMetrics } from '../runtime/server/metrics.js';
import { authRoutes } from '../runtime/server/auth.routes.js';
import { identityRoutes } from '../runtime/server/identity.routes.js';

export interface ApiTestApp {
  url: string;
  close(): Promise<void>;
}

export interface ApiTestAppOptions {
  routes: readonly ApiRoute[];
  /** Resolves the caller (e.g. createAuthenticate({ db, clock })); without it every request is anonymous. */
  authenticate?: RequestHandler;
  /** With a database, the app is the real edge (createApp). */
  db?: Database;
  clock?: Clock;
  /** The edge's settings over DEFAULT_HTTP_CONFIG (whose API rate limit is turned off here). */
  http?: Partial<HttpConfig>;
}

const errorEnvelope: ErrorRequestHandler = (error, _req, res, _next) => {
  const isBodyError = typeof (error as { type?: unknown }).type === 'string' && (error as { type: string }).type.startsWith('entity.');
  const flowdeskError = isBodyError ? new FlowdeskError('INPUT_INVALID', 'the request body is not valid JSON or is too large') : asFlowdeskError(error);
  res.status(flowdeskError.httpStatus).json({ error: flowdeskError.toJSON(), requestId: 'test' });
};

export function createApiTestApp({ routes, authenticate, db, clock, http }: ApiTestAppOptions): express.Express {
  if (db) {
    const log = pino({ level: 'silent' });
    const config = { http: { ...DEFAULT_HTTP_CONFIG, rateLimits: { ...DEFAULT_HTTP_CONFIG.rateLimits, api: { limit: 0, windowMs: 60_000 } }, ...http } };
    return createApp({ log, db, routes, config, metrics: createMetrics({ db, log, processMetrics: false }), ...(authenticate ? { authenticate } : {}), ...(clock ? { clock } : {}) });
  }
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  if (authenticate) app.use(authenticate);
  app.use('/api/v1', createApiRouter(routes));
  app.use((req, _res, next) => next(new FlowdeskError('NOT_FOUND', `no route for ${req.method} ${req.path}`)));
  app.use(errorEnvelope);
  return app;
}

export async function startApiTestApp(options: ApiTestAppOptions): Promise<ApiTestApp> {
  return listenOnLoopback(createApiTestApp(options));
}

export interface IdentitySetupOptions {
  /** Role ids bundles declare (default: agent, customer). */
  roleIds?: readonly string[];
  sessions?: SessionPolicy;
  lockout?: LockoutPolicy;
  loginLimiter?: RequestHandler;
  ldap?: { directory: LdapDirectory; sync: DirectorySync; managesRoles?: boolean };
}

/**
 * The authentication middleware, the auth routes and the identity routes over one database and
 * clock: spread it into {@link startApiTestApp} and add the routes under test, so their tests
 * log in like a browser (or use an API token).
 */
export function identitySetup(db: Database, clock: Clock, options: IdentitySetupOptions = {}): { routes: ApiRoute[]; authenticate: RequestHandler; login: LoginService; db: Database; clock: Clock } {
  const login = createLoginService({ db, clock, ...(options.sessions ? { sessions: options.sessions } : {}), ...(options.lockout ? { lockout: options.lockout } : {}), ldap: options.ldap ?? null });
  const roleIds = options.roleIds ?? ['agent', 'customer'];
  const credentials = createCredentialCache(clock);
  return {
    db,
    clock,
    login,
    authenticate: createAuthenticate({ db, clock, sessions: login.sessionPolicy, credentials }),
    // As the server mounts them: identity writes run through the credential cache.
    routes: aroundWrites(
      [
        ...authRoutes({ db, clock, login, ...(options.loginLimiter ? { loginLimiter: options.loginLimiter } : {}) }),
        ...identityRoutes({ db, clock, roleIds: async () => roleIds, directoryManagesRoles: options.ldap?.managesRoles ?? false, directorySync: options.ldap?.sync ?? null }),
      ],
      (write) => credentials.whileChanging(write),
    ),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely, like JSON
export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Send the session's CSRF token (default: true when there is one). */
  csrf?: boolean;
}

/**
 * A client of one API app that behaves like a browser: keeps the `flowdesk_session` cookie the
 * server sets (and forgets it when cleared) and sends the CSRF token from the last login or
 * /auth/me; or, with `token`, an API token instead.
 */
export interface ApiClient {
  readonly baseUrl: string;
  /** The session cookie's value, or null. */
  sessionSecret: string | null;
  csrfToken: string | null;
  /** An API token sent as `Authorization: Bearer`, or null. */
  token: string | null;
  request(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<ApiAnswer>;
  get(path: string, options?: RequestOptions): Promise<ApiAnswer>;
  post(path: string, body?: unknown, options?: RequestOptions): Promise<ApiAnswer>;
  put(path: string, body?: unknown, options?: RequestOptions): Promise<ApiAnswer>;
  patch(path: string, body?: unknown, options?: RequestOptions): Promise<ApiAnswer>;
  delete(path: string, options?: RequestOptions): Promise<ApiAnswer>;
  /** POST /auth/login; on success keeps the cookie and the CSRF token. */
  login(login: string, password: string): Promise<ApiAnswer>;
  /** Any request with this client's credentials, its body as given (FormData, bytes), the answer unread. */
  raw(method: string, path: string, init?: { body?: RequestInit['body']; headers?: Record<string, string>; csrf?: boolean }): Promise<Response>;
}

/** `baseUrl` is the app's URL; paths are under /api/v1. */
export function apiClient(baseUrl: string, credentials: { token?: string; sessionSecret?: string; csrfToken?: string } = {}): ApiClient {
  const client: ApiClient = {
    baseUrl,
    sessionSecret: credentials.sessionSecret ?? null,
    csrfToken: credentials.csrfToken ?? null,
    token: credentials.token ?? null,

    async request(method, path, body, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await client.raw(method, path, { headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), ...(options.csrf === false ? { csrf: false } : {}) });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
    },
    get: (path, options) => client.request('GET', path, undefined, options),
    post: (path, body, options) => client.request('POST', path, body, options),
    put: (path, body, options) => client.request('PUT', path, body, options),
    patch: (path, body, options) => client.request('PATCH', path, body, options),
    delete: (path, options) => client.request('DELETE', path, undefined, options),

    async raw(method, path, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (client.sessionSecret) headers['cookie'] = `flowdesk_session=${client.sessionSecret}`;
      if (client.token) headers['authorization'] = `Bearer ${client.token}`;
      if (client.csrfToken && init.csrf !== false && !/^(GET|HEAD)$/i.test(method)) headers['x-csrf-token'] = client.csrfToken;
      const response = await fetch(`${baseUrl}/api/v1${path}`, { method: method.toUpperCase(), headers, ...(init.body !== undefined ? { body: init.body } : {}) });
      keepCookie(client, response.headers);
      return response;
    },

    async login(login, password) {
      const answer = await client.post('/auth/login', { login, password });
      if (answer.status === 200) client.csrfToken = (answer.body as { csrfToken: string }).csrfToken;
      return answer;
    },
  };
  return client;
}

function keepCookie(client: ApiClient, headers: Headers): void {
  for (const line of headers.getSetCookie()) {
    const match = /^flowdesk_session=([^;]*)/.exec(line);
    if (!match) continue;
    const cleared = match[1] === '' || /;\s*Max-Age=0/i.test(line) || /;\s*Expires=Thu, 01 Jan 1970/i.test(line);
    client.sessionSecret = cleared ? null : match[1]!;
    if (cleared) client.csrfToken = null;
  }
}

export interface SeededUser {
  id: string;
  login: string;
  password: string;
}

/**
 * An account written straight into the tables (no audit row): a local login with an argon2id
 * password, the given roles and extra organizations, logging in as `personId` if given.
 */
export async function seedUser(
  db: Database,
  user: { login: string; password?: string; roles?: string[]; personId?: string | null; organizationIds?: string[]; status?: 'active' | 'disabled' },
): Promise<SeededUser> {
  const id = uuidv7();
  const password = user.password ?? `${user.login}-password-long-enough`;
  const at = '2026-01-01T00:00:00.000Z';
  await db.knex('users').insert({
    id,
    login: user.login,
    person_id: user.personId ?? null,
    kind: 'local',
    password_hash: await hashPassword(password),
    status: user.status ?? 'active',
    failed_logins: 0,
    language: 'en',
    time_zone: 'UTC',
    created_at: at,
    updated_at: at,
  });
  if (user.roles?.length) await db.knex('user_roles').insert(user.roles.map((role_id) => ({ user_id: id, role_id })));
  if (user.organizationIds?.length) await db.knex('user_organizations').insert(user.organizationIds.map((organization_id) => ({ user_id: id, organization_id })));
  return { id, login: user.login, password };
}

const IDENTITY_TABLES = ['organizations', 'locations', 'persons', 'teams', 'team_members', 'users', 'user_roles', 'user_organizations', 'sessions', 'api_tokens', 'audit_log'] as const;

/** Row counts of the identity tables and the audit log: equal before and after means nothing was written. */
export async function identityTableCounts(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of IDENTITY_TABLES) {
    const [row] = (await db.knex(table).count({ n: '*' })) as Array<{ n: number | string }>;
    counts[table] = Number(row!.n);
  }
  return counts;
}

/** Every audit row's details and every row of the identity tables, as one text: to prove a secret appears nowhere. */
export async function everythingStored(db: Database): Promise<string> {
  const parts: string[] = [];
  for (const table of IDENTITY_TABLES) parts.push(JSON.stringify(await db.knex(table).select()));
  return parts.join('\n');
}
