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
  const rows = (await query) as Array<Record<string, string>>;
  return rows.map((row) => ({
    id: row['id']!,
    at: row['at']!,
    actor: row['actor']!,
    action: row['action']!,
    targetType: row['target_type']!,
    targetId: row['target_id']!,
    details: JSON.parse(row['details']!) as Record<string, unknown>,
  }));
}
