/**
 * Webhook endpoints and deliveries. An endpoint receives the notification rules it names; each
 * delivery is a JSON body signed with the endpoint's secret:
 *   X-Flowdesk-Timestamp: <unix seconds>
 *   X-Flowdesk-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">
 * so a receiver can check both who sent it and that it is not a replay. Deliveries go through the
 * outbox like mail and through the outbound guard (no private targets unless allowed).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../audit/audit-log.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { Database } from '../storage/database.js';
import { inTransaction } from '../storage/transaction.js';
import type { Clock } from '../time/clock.js';
import { checkedAddress, type OutboundPolicy } from './outbound-http.js';

export interface WebhookEndpoint {
  id: string;
  name: string;
  url: string;
  ruleIds: string[];
  status: 'active' | 'disabled';
  createdBy: string;
  createdAt: string;
}

interface EndpointRow {
  id: string;
  name: string;
  url: string;
  secret: string;
  rule_ids: string;
  status: 'active' | 'disabled';
  created_by: string;
  created_at: string;
  updated_at: string;
}

const viewOf = (row: EndpointRow): WebhookEndpoint => ({ id: row.id, name: row.name, url: row.url, ruleIds: JSON.parse(row.rule_ids) as string[], status: row.status, createdBy: row.created_by, createdAt: row.created_at });

/** The signature headers of a delivery. */
export function signDelivery(secret: string, body: string, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { 'x-flowdesk-timestamp': timestamp, 'x-flowdesk-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}` };
}

/**
 * Registers an endpoint; the secret is returned this once. The URL must pass the outbound guard now
 * (and passes it again at every delivery: names can change what they resolve to).
 * @throws OUTBOUND_URL_INVALID, OUTBOUND_ADDRESS_REFUSED
 */
export async function createWebhookEndpoint(db: Database, clock: Clock, policy: OutboundPolicy, input: { name: string; url: string; ruleIds: string[]; actor: string }): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new FlowdeskError('OUTBOUND_URL_INVALID', 'the webhook URL is not a URL', { details: [{ pointer: '/url', message: 'not a URL' }] });
  }
  await checkedAddress(url, policy);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const now = clock.now().toISOString();
  const row: EndpointRow = { id: uuidv7(), name: input.name, url: url.toString(), secret, rule_ids: JSON.stringify([...new Set(input.ruleIds)].sort()), status: 'active', created_by: input.actor, created_at: now, updated_at: now };
  await inTransaction(db, async (trx) => {
    await trx('webhook_endpoints').insert(row);
    await appendAudit(trx, clock, { actor: input.actor, action: 'webhook.create', targetType: 'webhook', targetId: row.id, details: { after: viewOf(row) } });
  });
  return { endpoint: viewOf(row), secret };
}

export async function listWebhookEndpoints(knex: Knex): Promise<WebhookEndpoint[]> {
  return ((await knex('webhook_endpoints').orderBy('created_at')) as EndpointRow[]).map(viewOf);
}

/** @throws NOT_FOUND */
export async function deleteWebhookEndpoint(db: Database, clock: Clock, id: string, actor: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = (await trx('webhook_endpoints').where({ id }).first()) as EndpointRow | undefined;
    if (!row) throw new FlowdeskError('NOT_FOUND', 'no webhook endpoint has that id');
    await trx('webhook_endpoints').where({ id }).delete();
    await appendAudit(trx, clock, { actor, action: 'webhook.delete', targetType: 'webhook', targetId: id, details: { before: viewOf(row) } });
  });
}

/** The active endpoints that receive a rule, with their secrets (for the sender only). */
export async function endpointsFor(knex: Knex, ruleId: string): Promise<Array<{ id: string; url: string; secret: string }>> {
  const rows = (await knex('webhook_endpoints').where({ status: 'active' })) as EndpointRow[];
  return rows.filter((row) => (JSON.parse(row.rule_ids) as string[]).includes(ruleId)).map(({ id, url, secret }) => ({ id, url, secret }));
}
