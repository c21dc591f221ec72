/**
 * Logging in and out, who am I, API tokens and one's own password. Credentials change only here
 * (and in the administrators' user endpoints), each change audited without the secret; a token's
 * secret is in the answer that makes it and nowhere else. Managing credentials needs a session:
 * an API token cannot make more tokens or change a password.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { FlowdeskError, type Clock, type Database } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import {
  ApiTokenView,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  TOKEN_SCOPES,
  clearSessionCookie,
  createApiToken,
  csrfTokenOf,
  listApiTokens,
  revokeApiToken,
  setSessionCookie,
  type LoginService,
} from '../identity/index.js';
import { route, type ApiRoute } from './api-route.js';

export interface AuthRoutesDeps {
  db: Database;
  clock: Clock;
  login: LoginService;
  /**
   * The limiter in front of POST /auth/login; by default express-rate-limit counting failed
   * attempts per client address and login ({@link loginAttemptKey}), {@link DEFAULT_LOGIN_LIMIT}.
   */
  loginLimiter?: RequestHandler;
}

export const DEFAULT_LOGIN_LIMIT = { limit: 10, windowMs: 15 * 60_000 };

const CallerSummary = Type.Object({
  userId: Type.String(),
  login: Type.String(),
  personId: Type.Union([Type.String(), Type.Null()]),
  organizationId: Type.Union([Type.String(), Type.Null()]),
  organizationIds: Type.Array(Type.String()),
  teamIds: Type.Array(Type.String()),
  roles: Type.Array(Type.String()),
  isAdmin: Type.Boolean(),
  language: Type.String(),
  timeZone: Type.String(),
  authenticatedBy: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  /** A token's scopes; absent for a session. */
  scopes: Type.Optional(Type.Array(Type.String())),
});
type CallerSummary = Static<typeof CallerSummary>;

const SessionAnswer = Type.Object({ user: CallerSummary, csrfToken: Type.Union([Type.String(), Type.Null()]) });
const Password = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });
const Scope = Type.Union(TOKEN_SCOPES.map((scope) => Type.Literal(scope)));
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) });

function summaryOf(caller: Caller): CallerSummary {
  return {
    userId: caller.userId,
    login: caller.login,
    personId: caller.personId,
    organizationId: caller.organizationId,
    organizationIds: [...caller.organizationIds],
    teamIds: [...caller.teamIds],
    roles: [...caller.roles],
    isAdmin: caller.isAdmin,
    language: caller.language,
    timeZone: caller.timeZone,
    authenticatedBy: caller.via.kind,
    ...(caller.via.kind === 'token' ? { scopes: [...caller.via.scopes] } : {}),
  };
}

function requireSession(caller: Caller): void {
  if (caller.via.kind !== 'session') throw new FlowdeskError('FORBIDDEN', 'credentials are managed from a logged-in session, not with an API token');
}

/** Who counts as one login attempter: the client address (IPv6 by /56) and the login name tried. */
export function loginAttemptKey(req: Request): string {
  const login = (req.body as { login?: unknown } | undefined)?.login;
  return `${ipKeyGenerator(req.ip ?? '')}|${typeof login === 'string' ? login.trim().toLowerCase().slice(0, 100) : ''}`;
}

/** express-rate-limit counting failed attempts per {@link loginAttemptKey} (a success does not count); `limit: 0` lets everything through. */
export function createLoginAttemptLimiter({ limit, windowMs }: { limit: number; windowMs: number }): RequestHandler {
  if (limit === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: loginAttemptKey,
    handler: (_req, _res, next) => next(new FlowdeskError('RATE_LIMITED', 'too many failed logins from here for this login; wait and retry')),
  });
}

export function authRoutes({ db, clock, login, loginLimiter = createLoginAttemptLimiter(DEFAULT_LOGIN_LIMIT) }: AuthRoutesDeps): ApiRoute[] {
  const cookie = { secure: login.sessionPolicy.secureCookie };

  return [
    route({
      method: 'post',
      path: '/auth/login',
      summary: 'Log in with a login and password (local or LDAP); sets the session cookie and answers the CSRF token',
      tag: 'auth',
      access: 'public',
      body: Type.Object({ login: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }) }, { additionalProperties: false }),
      response: SessionAnswer,
      errors: ['LOGIN_FAILED', 'ACCOUNT_LOCKED', 'RATE_LIMITED', 'DIRECTORY_UNAVAILABLE'],
      before: [loginLimiter],
      async handler({ req, res, caller, body }) {
        const { session, caller: loggedIn } = await login.logIn({ login: body.login, password: body.password, ip: req.ip, userAgent: req.get('user-agent') });
        // The browser's previous session, if any, ends: one cookie, one session.
        if (caller?.via.kind === 'session') await login.logOut(caller);
        setSessionCookie(res, session.secret, { ...cookie, maxAgeMs: login.sessionPolicy.absoluteMs });
        return { user: summaryOf(loggedIn), csrfToken: session.csrfToken };
      },
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      summary: 'End the current session and clear its cookie',
      tag: 'auth',
      access: 'public',
      status: 204,
      async handler({ res, caller }) {
        if (caller) await login.logOut(caller);
        clearSessionCookie(res, cookie);
      },
    }),
    route({
      method: 'get',
      path: '/auth/me',
      summary: "Who is calling: account, person, organizations, teams, roles, and the session's CSRF token",
      tag: 'auth',
      access: 'user',
      response: SessionAnswer,
      async handler({ caller }) {
        const csrfToken = caller!.via.kind === 'session' ? await csrfTokenOf(db, caller!.via.sessionId) : null;
        return { user: summaryOf(caller!), csrfToken };
      },
    }),
    route({
      method: 'get',
      path: '/auth/session',
      summary: 'Like /auth/me, but answers `user: null` instead of 401 when nobody is logged in (for web pages deciding where to go)',
      tag: 'auth',
      access: 'public',
      response: Type.Object({ user: Type.Union([CallerSummary, Type.Null()]), csrfToken: Type.Union([Type.String(), Type.Null()]) }),
      async handler({ caller }) {
        if (!caller) return { user: null, csrfToken: null };
        const csrfToken = caller.via.kind === 'session' ? await csrfTokenOf(db, caller.via.sessionId) : null;
        return { user: summaryOf(caller), csrfToken };
      },
    }),
    route({
      method: 'put',
      path: '/auth/password',
      summary: 'Change your own password (local accounts); needs the current one and ends your other sessions',
      tag: 'auth',
      access: 'user',
      status: 204,
      body: Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }), newPassword: Password }, { additionalProperties: false }),
      errors: ['CURRENT_PASSWORD_INVALID', 'ACCOUNT_LOCKED'],
      async handler({ caller, body }) {
        requireSession(caller!);
        await login.changePassword(caller!, body.currentPassword, body.newPassword);
      },
    }),
    route({
      method: 'post',
      path: '/auth/tokens',
      summary: 'Make an API token for yourself; its secret is in this answer only',
      tag: 'auth',
      access: 'user',
      status: 201,
      body: Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 100 }),
          scopes: Type.Array(Scope, { minItems: 1, maxItems: TOKEN_SCOPES.length, uniqueItems: true }),
          expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
        },
        { additionalProperties: false },
      ),
      response: Type.Object({ token: ApiTokenView, secret: Type.String() }),
      async handler({ caller, body }) {
        requireSession(caller!);
        return createApiToken(db, clock, { actor: caller!.userId, userId: caller!.userId, name: body.name, scopes: body.scopes, expiresAt: body.expiresAt });
      },
    }),
    route({
      method: 'get',
      path: '/auth/tokens',
      summary: "Your API tokens (administrators: everyone's with all=true); never their secrets",
      tag: 'auth',
      access: 'user',
      query: Type.Object({ all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: Type.Object({ tokens: Type.Array(ApiTokenView) }),
      async handler({ caller, query }) {
        if (query.all && !caller!.isAdmin) throw new FlowdeskError('FORBIDDEN', "only administrators may list everyone's tokens");
        return { tokens: await listApiTokens(db.knex, query.all ? {} : { userId: caller!.userId }) };
      },
    }),
    route({
      method: 'delete',
      path: '/auth/tokens/:id',
      summary: 'Revoke an API token (yours; administrators: anyone’s)',
      tag: 'auth',
      access: 'user',
      status: 204,
      params: IdParams,
      async handler({ caller, params }) {
        requireSession(caller!);
        await revokeApiToken(db, clock, { actor: caller!.userId, tokenId: params.id, ...(caller!.isAdmin ? {} : { ownerId: caller!.userId }) });
      },
    }),
  ];
}
