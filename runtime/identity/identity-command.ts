/**
 * The shape of every identity write: one transaction; every id the request names is checked to
 * exist before anything is written; a unique value taken meanwhile by someone else is a conflict,
 * not an internal error; the audit row says what changed, before and after.
 */
import { FlowdeskError, inTransaction, type Database, type Transaction } from '../../engine/index.js';

export type IdentityTable = 'organizations' | 'locations' | 'persons' | 'teams' | 'users';

const NOUN: Record<IdentityTable, string> = { organizations: 'organization', locations: 'location', persons: 'person', teams: 'team', users: 'user' };

/** Runs the write in one transaction; a unique index violated by a concurrent write answers IDENTITY_DUPLICATE. */
export async function identityCommand<T>(db: Database, command: (trx: Transaction) => Promise<T>): Promise<T> {
  try {
    return await inTransaction(db, command);
  } catch (error) {
    if (isUniqueViolation(error)) throw new FlowdeskError('IDENTITY_DUPLICATE', 'another entry already has that value; read again and retry', { cause: error });
    throw error;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The row an id in the request body refers to; REFERENCE_NOT_FOUND (nothing written) when there is none. */
export async function referenced<T = Record<string, unknown>>(trx: Transaction, table: IdentityTable, id: string, pointer: string): Promise<T> {
  const row = (await trx(table).where({ id }).first()) as T | undefined;
  if (!row) throw new FlowdeskError('REFERENCE_NOT_FOUND', `no ${NOUN[table]} has the id given in ${pointer}`, { details: [{ pointer, message: `names no ${NOUN[table]}` }] });
  return row;
}

/** The row a path parameter names; NOT_FOUND when there is none. */
export async function target<T = Record<string, unknown>>(trx: Transaction, table: IdentityTable, id: string): Promise<T> {
  const row = (await trx(table).where({ id }).first()) as T | undefined;
  if (!row) throw new FlowdeskError('NOT_FOUND', `no ${NOUN[table]} with that id`);
  return row;
}

/** The fields that differ, as `{ before, after }` for the audit; empty objects when nothing changed. */
export function changes<T extends object>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const was: Partial<T> = {};
  const now: Partial<T> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (after[key] === undefined || after[key] === before[key]) continue;
    was[key] = before[key];
    now[key] = after[key] as T[keyof T];
  }
  return { before: was, after: now };
}

export function hasChanges(diff: { after: object }): boolean {
  return Object.keys(diff.after).length > 0;
}

/** The escape character for LIKE patterns: SQLite has no default one, so every LIKE names it (`ESCAPE '!'`). */
export const LIKE_ESCAPE = '!';

/** `%`, `_` and `!` taken literally in a LIKE pattern written with `ESCAPE '!'`. */
export function likeLiteral(value: string): string {
  return value.replace(/[!%_]/g, (c) => `!${c}`);
}
