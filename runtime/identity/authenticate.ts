/**
 * The authentication middleware: finds who is calling from an `Authorization: Bearer` API token
 * or the session cookie, and leaves the Caller on the request for the routes. A request with a
 * session cookie that changes state (anything but GET, HEAD, OPTIONS) must carry the session's
 * CSRF token in `X-CSRF-Token`, or it is refused before any route runs. An API token is not sent
 * by browsers on their own, so it needs no CSRF token. Resolved credentials are kept for a moment
 * in the credential cache (see there for what that may delay, and how little).
 */
import type { Request, RequestHandler } from 'express';
import { FlowdeskError, type Clock, type Database } from '../../engine/index.js';
import { setCaller } from '../server/api-route.js';
import { resolveApiToken } from './api-tokens.js';
import { resolveCaller } from './caller-resolver.js';
import { createCredentialCache, type CredentialCache, type ResolvedCredential } from './credential-cache.js';
import { digestOf, isSameSecret } from './secret-tokens.js';
import { readSessionCookie } from './session-cookie.js';
import { DEFAULT_SESSION_POLICY, resolveSession, type SessionPolicy } from './sessions.js';

export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthenticateDeps {
  db: Database;
  clock: Clock;
  sessions?: SessionPolicy;
  /** Shared with the identity routes, which run their writes through it; default: a cache of its own. */
  credentials?: CredentialCache;
}

export function createAuthenticate({ db, clock, sessions = DEFAULT_SESSION_POLICY, credentials = createCredentialCache(clock) }: AuthenticateDeps): RequestHandler {
  /** The cached credential for `key`, or the one `resolve` reads from the database (then cached). */
  async function cached(key: string, resolve: () => Promise<ResolvedCredential | null>): Promise<ResolvedCredential | null> {
    const hit = credentials.get(key);
    if (hit) return hit;
    const generation = credentials.generation();
    const resolved = await resolve();
    if (resolved) credentials.remember(key, resolved, generation);
    return resolved;
  }

  async function fromToken(req: Request, header: string): Promise<void> {
    const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header);
    if (!match) throw new FlowdeskError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <API token>"');
    const secret = match[1]!;
    const resolved = await cached(`token:${digestOf(secret)}`, async () => {
      const token = await resolveApiToken(db.knex, clock, secret);
      const caller = token && (await resolveCaller(db.knex, token.userId, { kind: 'token', tokenId: token.tokenId, scopes: token.scopes }));
      return caller ? { caller, expiresAt: token.expiresAt } : null;
    });
    if (!resolved) throw new FlowdeskError('UNAUTHENTICATED', 'the API token is unknown, revoked or expired, or its account is disabled');
    setCaller(req, resolved.caller);
  }

  async function fromSession(req: Request, secret: string): Promise<void> {
    const resolved = await cached(`session:${digestOf(secret)}`, async () => {
      const session = await resolveSession(db.knex, clock, sessions, secret);
      const caller = session && (await resolveCaller(db.knex, session.userId, { kind: 'session', sessionId: session.id }));
      return caller ? { caller, csrfToken: session.csrfToken, expiresAt: session.expiresAt } : null;
    });
    // An ended session's cookie makes an anonymous request: public routes (log in) still work.
    if (!resolved) return;
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.get(CSRF_HEADER);
      if (!sent || !isSameSecret(sent, resolved.csrfToken!)) throw new FlowdeskError('CSRF_INVALID', 'send the CSRF token of your session in the X-CSRF-Token header');
    }
    setCaller(req, resolved.caller);
  }

  return async (req, _res, next) => {
    const authorization = req.get('authorization');
    if (authorization !== undefined) await fromToken(req, authorization);
    else {
      const secret = readSessionCookie(req);
      if (secret) await fromSession(req, secret);
    }
    next();
  };
}

/** The CSRF token of the caller's session (for log-in and /auth/me answers); null for a token caller. */
export async function csrfTokenOf(db: Database, sessionId: string): Promise<string | null> {
  const row = (await db.knex('sessions').where({ id: sessionId }).first('csrf_token')) as { csrf_token: string } | undefined;
  return row?.csrf_token ?? null;
}
