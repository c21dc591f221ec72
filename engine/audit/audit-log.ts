import type { Knex } from 'knex';
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '../time/clock.js';
import type { Transaction } from '../storage/transaction.js';

export interface AuditEntry {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  id: string;
  at: string;
}

/** Appends one audit row inside the command's own transaction, so the audit and the write land together. */
export async function appendAudit(trx: Transaction, clock: Clock, entry: AuditEntry): Promise<void> {
  await trx('audit_log').insert({
    id: uuidv7(),
    at: clock.now().toISOString(),
    actor: entry.actor,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    details: JSON.stringify(entry.details),
  });
}

/** The audit trail of one target, oldest first. */
export async function readAudit(knex: Knex, targetType: string, targetId?: string): Promise<AuditRecord[]> {
  const query = knex('audit_log').where({ target_type: targetType }).orderBy('id');
  if (targetId !== undefined) query.andWhere({ target_id: targetId });
  return ((await query) as Array<Record<string, string>>).map(toAuditRecord);
}

export interface AuditFilter {
  targetType?: string;
  targetId?: string;
  actor?: string;
  /** Only entries older than this one (the previous page's last id): ids are time-ordered. */
  before?: string;
  limit: number;
}

/** Audit entries matching the filter, newest first, a page at a time. */
export async function listAudit(knex: Knex, filter: AuditFilter): Promise<AuditRecord[]> {
  const query = knex('audit_log').orderBy('id', 'desc').limit(filter.limit);
  if (filter.targetType !== undefined) query.where({ target_type: filter.targetType });
  if (filter.targetId !== undefined) query.where({ target_id: filter.targetId });
  if (filter.actor !== undefined) query.where({ actor: filter.actor });
  if (filter.before !== undefined) query.where('id', '<', filter.before);
  return ((await query) as Array<Record<string, string>>).map(toAuditRecord);
}

function toAuditRecord(row: Record<string, string>): AuditRecord {
  return {
    id: row['id']!,
    at: row['at']!,
    actor: row['actor']!,
    action: row['action']!,
    targetType: row['target_type']!,
    targetId: row['target_id']!,
    details: JSON.parse(row['details']!) as Record<string, unknown>,
  };
}
