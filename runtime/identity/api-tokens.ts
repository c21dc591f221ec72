/**
 * API tokens for integrations: a secret shown once when the token is made (`fdt_` and 43 base64url
 * characters), stored as its SHA-256, limited to scopes, revocable, optionally expiring.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Knex } from 'knex';
import { v7 as uuidv7 } from 'uuid';
import { FlowdeskError, appendAudit, inTransaction, type Clock, type Database } from '../../engine/index.js';
import { digestOf, newSecret } from './secret-tokens.js';

export const TOKEN_PREFIX = 'fdt_';

/**
 * What a token may do: `*` (everything its user may), or grant actions (the ones roles.json
 * grants; engine/bundle/schemas/roles.schema.ts GRANT_ACTIONS), checked by the record access.
 */
export const TOKEN_SCOPES = ['*', 'read', 'create', 'update', 'assign', 'comment', 'work-note', 'attach', 'delete', 'export', 'cancel'] as const;

const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

/** A token as the API shows it: never its secret, never its hash. */
export const ApiTokenView = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  createdAt: Instant,
  expiresAt: Nullable(Instant),
  revokedAt: Nullable(Instant),
  lastUsedAt: Nullable(Instant),
});
export type ApiTokenView = Static<typeof ApiTokenView>;

export interface ApiTokenRequest {
  actor: string;
  userId: string;
  name: string;
  scopes: readonly string[];
  expiresAt?: string | undefined;
}

/** The token's identity for a request it authenticates. */
export interface ResolvedToken {
  tokenId: string;
  userId: string;
  scopes: string[];
  expiresAt: string | null;
}

interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** Writes of last use are spared within this interval. */
const TOUCH_INTERVAL_MS = 60_000;

function viewOf(row: TokenRow): ApiTokenView {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** Makes a token; the answer's `secret` is the only time anyone sees it. */
export async function createApiToken(db: Database, clock: Clock, request: ApiTokenRequest): Promise<{ token: ApiTokenView; secret: string }> {
  const now = clock.now();
  let expiresAt: string | null = null;
  if (request.expiresAt !== undefined) {
    const at = new Date(request.expiresAt);
    if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) throw new FlowdeskError('INPUT_INVALID', 'expiresAt must be a time in the future', { details: [{ pointer: 'body/expiresAt', message: 'is not in the future' }] });
    expiresAt = at.toISOString();
  }
  const scopes = [...new Set(request.scopes)].sort();
  const secret = `${TOKEN_PREFIX}${newSecret()}`;
  const row: TokenRow = {
    id: uuidv7(),
    user_id: request.userId,
    name: request.name,
    token_hash: digestOf(secret),
    scopes: JSON.stringify(scopes),
    created_at: now.toISOString(),
    expires_at: expiresAt,
    revoked_at: null,
    last_used_at: null,
  };
  await inTransaction(db, async (trx) => {
    await trx('api_tokens').insert(row);
    await appendAudit(trx, clock, { actor: request.actor, action: 'api-token.create', targetType: 'api-token', targetId: row.id, details: { after: { userId: row.user_id, name: row.name, scopes, expiresAt } } });
  });
  return { token: viewOf(row), secret };
}

/** Tokens, newest first: one user's, or everyone's. */
export async function listApiTokens(knex: Knex, filter: { userId?: string }): Promise<ApiTokenView[]> {
  const query = knex('api_tokens').orderBy('id', 'desc');
  if (filter.userId !== undefined) query.where({ user_id: filter.userId });
  return ((await query) as TokenRow[]).map(viewOf);
}

/**
 * Revokes a token (again is a no-op). With `ownerId`, only that user's token: another user's is
 * NOT_FOUND, as if it did not exist.
 */
export async function revokeApiToken(db: Database, clock: Clock, request: { actor: string; tokenId: string; ownerId?: string }): Promise<ApiTokenView> {
  return inTransaction(db, async (trx) => {
    const row = (await trx('api_tokens').where({ id: request.tokenId }).first()) as TokenRow | undefined;
    if (!row || (request.ownerId !== undefined && row.user_id !== request.ownerId)) throw new FlowdeskError('NOT_FOUND', 'no such API token');
    if (row.revoked_at !== null) return viewOf(row);
    const revokedAt = clock.now().toISOString();
    await trx('api_tokens').where({ id: row.id }).update({ revoked_at: revokedAt });
    await appendAudit(trx, clock, { actor: request.actor, action: 'api-token.revoke', targetType: 'api-token', targetId: row.id, details: { before: { revokedAt: null }, after: { revokedAt }, userId: row.user_id, name: row.name } });
    return viewOf({ ...row, revoked_at: revokedAt });
  });
}

/** The live token a bearer secret names; null when unknown, revoked or expired. */
export async function resolveApiToken(knex: Knex, clock: Clock, secret: string): Promise<ResolvedToken | null> {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const row = (await knex('api_tokens').where({ token_hash: digestOf(secret) }).first()) as TokenRow | undefined;
  if (!row || row.revoked_at !== null) return null;
  const now = clock.now();
  if (row.expires_at !== null && row.expires_at <= now.toISOString()) return null;
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= TOUCH_INTERVAL_MS) {
    await knex('api_tokens').where({ id: row.id }).update({ last_used_at: now.toISOString() });
  }
  return { tokenId: row.id, userId: row.user_id, scopes: JSON.parse(row.scopes) as string[], expiresAt: row.expires_at };
}
