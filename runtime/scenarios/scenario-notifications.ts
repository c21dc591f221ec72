/**
 * The notifications a scenario made: in-app rows and the mail left in the outbox (scenarios send
 * none), each with its recipient as the scenario names them, oldest first; each is reported to
 * one expect step only, the first after it was made.
 */
import type { Knex } from 'knex';
import type { ScenarioWorld } from './scenario-world.js';

export interface ActualNotification {
  /** The recipient's scenario id, or the address/account when the world does not know it. */
  to: string;
  rule: string;
  channel: string;
  subject: string;
  /** When it was made (ISO, UTC). */
  at: string;
}

interface NotificationRow {
  id: string;
  channel: string;
  rule_id: string;
  recipient: string;
  subject: string;
  created_at: string;
}

/** Notifications not yet reported; marks them reported. */
export async function takeNewNotifications(knex: Knex, world: ScenarioWorld, reported: Set<string>): Promise<ActualNotification[]> {
  const inbox = (await knex('inbox_notifications').select('id', knex.raw("'inbox' as channel"), 'rule_id', 'user_id as recipient', 'subject', 'created_at')) as NotificationRow[];
  const outbox = (await knex('outbox').whereNot('channel', 'inbox').select('id', 'channel', 'rule_id', 'recipient', 'subject', 'created_at')) as NotificationRow[];
  const fresh = [...inbox, ...outbox].filter((row) => !reported.has(row.id));
  // Ids are UUIDv7: in creation order, also among rows made in the same millisecond.
  fresh.sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1));
  for (const row of fresh) reported.add(row.id);
  return fresh.map((row) => ({
    to: (row.channel === 'inbox' ? world.personOfUser(row.recipient) : world.personOfEmail(row.recipient)) ?? row.recipient,
    rule: row.rule_id,
    channel: row.channel,
    subject: row.subject,
    at: row.created_at,
  }));
}
