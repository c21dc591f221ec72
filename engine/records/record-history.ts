/**
 * Field history: one row per change — the creation, each changed field, the state, and each
 * reference (organization, caller, team, assignee) — written in the transaction of the change.
 */
import type { Knex } from 'knex';
import { v7 as uuidv7 } from 'uuid';
import type { Transaction } from '../storage/transaction.js';
import { childRows } from './record-lookup.js';
import type { RecordScope } from './record-scope.js';

export type HistoryKind = 'created' | 'field' | 'state' | 'organization' | 'caller' | 'team' | 'assignee';

export interface RecordHistoryEntry {
  id: string;
  recordId: string;
  /** The record version the change produced. */
  version: number;
  kind: HistoryKind;
  /** The field, for kind `field`. */
  field: string | null;
  /** Values before and after; null where absent. */
  oldValue: unknown;
  newValue: unknown;
  actor: string;
  at: string;
}

export interface HistoryChange {
  kind: HistoryKind;
  field?: string;
  oldValue?: unknown;
  newValue?: unknown;
}

/** Columns of a record whose change is its own kind of history entry. */
export const REFERENCE_KINDS = {
  state: 'state',
  organization_id: 'organization',
  caller_id: 'caller',
  team_id: 'team',
  assignee_id: 'assignee',
} as const satisfies Record<string, HistoryKind>;

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

export async function writeHistory(trx: Transaction, entry: { recordId: string; version: number; actor: string; at: string }, changes: HistoryChange[]): Promise<void> {
  if (changes.length === 0) return;
  await trx('record_history').insert(
    changes.map((change) => ({
      id: uuidv7(),
      record_id: entry.recordId,
      version: entry.version,
      kind: change.kind,
      field: change.field ?? null,
      old_value: json(change.oldValue),
      new_value: json(change.newValue),
      actor: entry.actor,
      at: entry.at,
    })),
  );
}

interface HistoryRow {
  child_id: string;
  version: number;
  kind: HistoryKind;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  actor: string;
  at: string;
}

/** A record's history, oldest first, a page at a time (`after` is the previous page's last entry id). */
export async function readHistory(knex: Knex, key: string, scope: RecordScope, page: { after?: string; limit: number }): Promise<RecordHistoryEntry[]> {
  const rows = await childRows<HistoryRow>(knex, key, scope, ['c.id as child_id', 'c.version', 'c.kind', 'c.field', 'c.old_value', 'c.new_value', 'c.actor', 'c.at'], (query) => {
    query.leftJoin({ c: 'record_history' }, (on) => {
      on.on('c.record_id', '=', 'r.id');
      if (page.after !== undefined) on.andOnVal('c.id', '>', page.after);
    });
    query.orderBy('c.id').limit(page.limit);
  });
  return rows.map((row) => ({
    id: row.child_id,
    recordId: row.record_id,
    version: Number(row.version),
    kind: row.kind,
    field: row.field ?? null,
    oldValue: row.old_value === null ? null : JSON.parse(row.old_value),
    newValue: row.new_value === null ? null : JSON.parse(row.new_value),
    actor: row.actor,
    at: row.at,
  }));
}
