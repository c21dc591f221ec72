/**
 * Login sessions, kept in the database so any node serves any session. The cookie holds a random
 * secret; the row's id is its SHA-256, so the table never holds a usable cookie. A session ends
 * after a time without use (sliding) and, whatever the use, at an absolute limit.
 */
import type { Knex } from 'knex';
import type { Clock, Transaction } from '../../engine/index.js';
import { digestOf, newSecret } from './secret-tokens.js';

export interface SessionPolicy {
  /** A session unused this long ends. */
  idleMs: number;
  /** No session lives longer than this after login. */
  absoluteMs: number;
  /** Send the cookie over HTTPS only. */
  secureCookie: boolean;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 8 * 3600_000, absoluteMs: 7 * 24 * 3600_000, secureCookie: false };

/** Writes of last use are spared within this interval: a busy page does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/** A new session: the secret goes into the cookie and nowhere else. */
export interface NewSession {
  id: string;
  secret: string;
  csrfToken: string;
  expiresAt: string;
}

export interface ActiveSession {
  id: string;
  userId: string;
  csrfToken: string;
  expiresAt: string;
}

interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export async function createSession(
  trx: Transaction,
  clock: Clock,
  policy: SessionPolicy,
  who: { userId: string; ip?: string | undefined; userAgent?: string | undefined },
): Promise<NewSession> {
  const secret = newSecret();
  const id = digestOf(secret);
  const csrfToken = newSecret();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + Math.min(policy.idleMs, policy.absoluteMs)).toISOString();
  await trx('sessions').insert({
    id,
    user_id: who.userId,
    csrf_token: csrfToken,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: expiresAt,
    ip: who.ip?.slice(0, 64) ?? null,
    user_agent: who.userAgent?.slice(0, 200) ?? null,
  });
  return { id, secret, csrfToken, expiresAt };
}

/** The live session a cookie secret opens, its expiry slid forward; null when unknown or expired. */
export async function resolveSession(knex: Knex, clock: Clock, policy: SessionPolicy, secret: string): Promise<ActiveSession | null> {
  const id = digestOf(secret);
  const row = (await knex('sessions').where({ id }).first()) as SessionRow | undefined;
  if (!row) return null;
  const now = clock.now();
  if (row.expires_at <= now.toISOString()) {
    await knex('sessions').where({ id }).delete();
    return null;
  }
  let expiresAt = row.expires_at;
  if (now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_INTERVAL_MS) {
    const absoluteEnd = Date.parse(row.created_at) + policy.absoluteMs;
    expiresAt = new Date(Math.min(now.getTime() + policy.idleMs, absoluteEnd)).toISOString();
    await knex('sessions').where({ id }).update({ last_seen_at: now.toISOString(), expires_at: expiresAt });
  }
  return { id, userId: row.user_id, csrfToken: row.csrf_token, expiresAt };
}

export async function endSession(trx: Knex | Transaction, sessionId: string): Promise<void> {
  await trx('sessions').where({ id: sessionId }).delete();
}

/** Ends every session of a user (password changed, account disabled), except one if given. */
export async function endSessionsOf(trx: Knex | Transaction, userId: string, exceptSessionId?: string): Promise<number> {
  const query = trx('sessions').where({ user_id: userId });
  if (exceptSessionId !== undefined) query.whereNot({ id: exceptSessionId });
  return query.delete();
}

/** Deletes sessions that have expired; for a periodic job (expired ones are refused anyway). */
export async function purgeExpiredSessions(knex: Knex, clock: Clock): Promise<number> {
  return knex('sessions').where('expires_at', '<=', clock.now().toISOString()).delete();
}
