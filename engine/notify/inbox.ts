/**
 * A user's in-app notifications: read newest first and marked read, always within the user's own
 * rows (the user id is part of every statement).
 */
import type { Knex } from 'knex';
import { appendAudit } from '../audit/audit-log.js';
import type { Database } from '../storage/database.js';
import { inTransaction } from '../storage/transaction.js';
import type { Clock } from '../time/clock.js';

export interface InboxNotification {
  id: string;
  recordId: string | null;
  ruleId: string;
  subject: string;
  text: string;
  createdAt: string;
  readAt: string | null;
}

interface InboxRow {
  id: string;
  record_id: string | null;
  rule_id: string;
  subject: string;
  text: string;
  created_at: string;
  read_at: string | null;
}

export async function listInbox(knex: Knex, userId: string, options: { before?: string; limit: number; unreadOnly?: boolean }): Promise<{ items: InboxNotification[]; unread: number }> {
  const query = knex('inbox_notifications').where({ user_id: userId }).orderBy('id', 'desc').limit(options.limit);
  if (options.before) query.where('id', '<', options.before);
  if (options.unreadOnly) query.whereNull('read_at');
  const rows = (await query) as InboxRow[];
  const [count] = (await knex('inbox_notifications').where({ user_id: userId }).whereNull('read_at').count({ n: '*' })) as Array<{ n: number | string }>;
  return {
    items: rows.map((row) => ({ id: row.id, recordId: row.record_id, ruleId: row.rule_id, subject: row.subject, text: row.text, createdAt: row.created_at, readAt: row.read_at })),
    unread: Number(count?.n ?? 0),
  };
}

/** Marks the user's notifications read: the listed ones, or all. Returns how many changed. */
export async function markInboxRead(db: Database, clock: Clock, userId: string, ids: readonly string[] | 'all'): Promise<number> {
  return inTransaction(db, async (trx) => {
    const query = trx('inbox_notifications').where({ user_id: userId }).whereNull('read_at');
    if (ids !== 'all') query.whereIn('id', ids);
    const changed = await query.update({ read_at: clock.now().toISOString() });
    if (changed > 0) await appendAudit(trx, clock, { actor: userId, action: 'notification.read', targetType: 'user', targetId: userId, details: { count: changed, ...(ids === 'all' ? { all: true } : {}) } });
    return changed;
  });
}
