/**
 * The notification engine: bundle rules (event → condition → recipients → templates per channel
 * and language) turned into messages inside the transaction of the event that caused them. The
 * in-app channel writes the user's inbox row there and then; e-mail goes through the outbox: a
 * row and a `notify.send` job in the same transaction, sent by the job runner, deleted once the
 * SMTP server took it, retried with backoff and left visible as a failed job when it keeps failing.
 *
 * Events: as a record observer it sends `record.created` and `record.updated` rules; as a process
 * observer `task.created`, `task.assigned`, `task.completed` and `process.completed` rules about
 * the instance's record; the SLA engine sends `sla.threshold` rules (and OLA thresholds their
 * rules) through `notifyRule`.
 */
import type { Transporter } from 'nodemailer';
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../audit/audit-log.js';
import type { InstalledDefinitions } from '../bundle/installed-definitions.js';
import type { I18nFile, NotificationRule, NotificationsFile } from '../bundle/schemas/index.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import { scheduleJob } from '../jobs/job-schedule.js';
import type { JobContext } from '../jobs/job-runner.js';
import type { Job } from '../jobs/job.js';
import type { ProcessObserver } from '../process/process-observers.js';
import type { TaskView } from '../process/task-view.js';
import { findRecord } from '../records/record-lookup.js';
import type { RecordObserver } from '../records/record-observers.js';
import { toRecordView, type RecordView } from '../records/record-view.js';
import type { Database } from '../storage/database.js';
import { inTransaction, type Transaction } from '../storage/transaction.js';
import type { Clock } from '../time/clock.js';
import { recipientsOf, type CanRead, type RecipientTask } from './notification-recipients.js';
import { renderMessage } from './notification-templates.js';
import { DEFAULT_OUTBOUND_POLICY, postChecked, type OutboundPolicy } from './outbound-http.js';
import { endpointsFor, signDelivery } from './webhooks.js';

export const NOTIFY_SEND_JOB = 'notify.send';
const FALLBACK_LOCALE = 'en';

export interface NotificationDefinitions {
  rule(id: string): NotificationRule | undefined;
  rulesFor(event: string, recordType: string): readonly NotificationRule[];
  /** The text of an i18n key in a locale (falling back to English, then to the key). */
  text(locale: string, key: string): string;
}

export function buildNotificationDefinitions(bundles: ReadonlyArray<{ manifest: { contents: { notifications?: string[]; i18n?: string[] } }; json<T>(path: string): T }>): NotificationDefinitions {
  const rules = new Map<string, NotificationRule>();
  const messages = new Map<string, Map<string, string>>();
  for (const bundle of bundles) {
    for (const file of bundle.manifest.contents.notifications ?? []) for (const rule of bundle.json<NotificationsFile>(file).rules) rules.set(rule.id, rule);
    for (const file of bundle.manifest.contents.i18n ?? []) {
      const { locale, messages: texts } = bundle.json<I18nFile>(file);
      const into = messages.get(locale) ?? new Map<string, string>();
      for (const [key, text] of Object.entries(texts)) if (!into.has(key)) into.set(key, text);
      messages.set(locale, into);
    }
  }
  return {
    rule: (id) => rules.get(id),
    rulesFor: (event, recordType) => [...rules.values()].filter((rule) => rule.event === event && (rule.recordType === undefined || rule.recordType === recordType)),
    text: (locale, key) => messages.get(locale)?.get(key) ?? messages.get(FALLBACK_LOCALE)?.get(key) ?? key,
  };
}

export interface EmailChannel {
  transport: Transporter;
  /** The From address, e.g. `"Flowdesk" <servicedesk@example.com>`. */
  from: string;
}

export interface NotificationEngineDeps {
  db: Database;
  clock: Clock;
  definitions: InstalledDefinitions<NotificationDefinitions>;
  /** Whether a user may read the record (the runtime's access rules). */
  canRead: CanRead;
  /** Without it, e-mail rules send nothing (the in-app channel still works). */
  email?: EmailChannel | null;
  /** Where webhooks may go; default: public addresses only. */
  outbound?: OutboundPolicy;
}

interface OutboxRow {
  id: string;
  channel: string;
  rule_id: string;
  record_id: string | null;
  recipient: string;
  locale: string;
  subject: string;
  text: string;
  html: string | null;
  created_at: string;
}

/** What templates (`{{task.name}}`, `{{task.dueAt}}`) and the task parties see of a task. */
export function taskValues(task: TaskView): Record<string, unknown> & RecipientTask {
  return { id: task.id, name: task.name, elementId: task.elementId, dueAt: task.dueAt, assignee: task.assignee, candidateUsers: task.candidateUsers, candidateGroups: task.candidateGroups, status: task.status };
}

/** What a template can name: the record's number, title, state and fields, plus what the event adds. */
function viewOf(record: RecordView, recipientName: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { ...record.fields, number: record.number, title: record.title, state: record.state, fields: record.fields, recipient: { name: recipientName }, ...extra };
}

function meetsCondition(rule: NotificationRule, record: RecordView): boolean {
  return Object.entries(rule.when ?? {}).every(([field, wanted]) => {
    const value = field === 'state' ? record.state : record.fields[field];
    return Array.isArray(wanted) ? (wanted as unknown[]).includes(value) : value === wanted;
  });
}

export function createNotificationEngine({ db, clock, definitions, canRead, email = null, outbound = DEFAULT_OUTBOUND_POLICY }: NotificationEngineDeps) {
  /** Queues a rendered message for its channel: a row and its send job, in the event's transaction. */
  async function enqueue(trx: Transaction, row: OutboxRow): Promise<void> {
    await trx('outbox').insert(row);
    await scheduleJob(trx, clock, { type: NOTIFY_SEND_JOB, dueAt: clock.now(), instanceId: row.id, payload: { outboxId: row.id }, maxAttempts: 8 });
  }

  /** A webhook rule: one delivery per endpoint an administrator subscribed to it; people are not its recipients. */
  async function sendWebhooks(trx: Transaction, defs: NotificationDefinitions, rule: NotificationRule, record: RecordView, extra: Record<string, unknown>): Promise<void> {
    const now = clock.now().toISOString();
    const endpoints = await endpointsFor(trx, rule.id);
    if (endpoints.length === 0) return;
    const subject = renderMessage({ subject: defs.text(FALLBACK_LOCALE, rule.subjectKey), body: '' }, viewOf(record, '', extra)).subject;
    const body = JSON.stringify({ event: rule.event, rule: rule.id, at: now, subject, record: { id: record.id, type: record.type, number: record.number, state: record.state, title: record.title, organizationId: record.organizationId, fields: record.fields }, ...(Object.keys(extra).length > 0 ? { details: extra } : {}) });
    for (const endpoint of endpoints) {
      await enqueue(trx, { id: uuidv7(), channel: 'webhook', rule_id: rule.id, record_id: record.id, recipient: endpoint.id, locale: FALLBACK_LOCALE, subject, text: body, html: null, created_at: now });
    }
  }

  /** Sends one rule about one record to its recipients, inside the event's transaction. */
  async function send(trx: Transaction, defs: NotificationDefinitions, rule: NotificationRule, record: RecordView, extra: Record<string, unknown>): Promise<void> {
    if (!meetsCondition(rule, record)) return;
    if (rule.channel === 'email' && !email) return;
    if (rule.channel === 'webhook') return sendWebhooks(trx, defs, rule, record, extra);
    const now = clock.now().toISOString();
    for (const recipient of await recipientsOf(trx, rule.recipients, record, canRead, (extra['task'] as RecipientTask | undefined) ?? null)) {
      const message = renderMessage({ subject: defs.text(recipient.locale, rule.subjectKey), body: defs.text(recipient.locale, rule.bodyKey) }, viewOf(record, recipient.name, extra));
      if (rule.channel === 'inbox') {
        if (!recipient.userId) continue;
        await trx('inbox_notifications').insert({ id: uuidv7(), user_id: recipient.userId, record_id: record.id, rule_id: rule.id, subject: message.subject, text: message.text, created_at: now, read_at: null });
        continue;
      }
      if (!recipient.email) continue;
      await enqueue(trx, { id: uuidv7(), channel: 'email', rule_id: rule.id, record_id: record.id, recipient: recipient.email, locale: recipient.locale, subject: message.subject, text: message.text, html: message.html, created_at: now });
    }
  }

  const observer: RecordObserver = {
    async recordWritten(trx, write) {
      const defs = await definitions.get(trx);
      const event = write.before === null ? 'record.created' : 'record.updated';
      for (const rule of defs.rulesFor(event, write.type.id)) await send(trx, defs, rule, write.after, {});
    },
  };

  /** Task and process events of instances that work on a record: the rules for that event and record type. */
  const processObserver: ProcessObserver = {
    async processChanged(trx, events) {
      const defs = await definitions.get(trx);
      for (const event of events) {
        if (!event.recordId) continue;
        const record = toRecordView(await findRecord(trx, event.recordId, { kind: 'all' }));
        const rules = defs.rulesFor(event.kind, record.type);
        if (rules.length === 0) continue;
        const extra = { processId: event.processId, ...(event.task ? { task: taskValues(event.task) } : {}) };
        for (const rule of rules) await send(trx, defs, rule, record, extra);
      }
    },
  };

  /** Takes one outbox message to its channel; deleted (and audited) once the channel took it. */
  async function sendFromOutbox(job: Job, context: JobContext): Promise<void> {
    const { outboxId } = job.payload as { outboxId: string };
    const row = (await db.knex('outbox').where({ id: outboxId }).first()) as OutboxRow | undefined;
    if (!row) return;
    // Sent before the transaction that deletes the row: a crash in between sends it twice, never not at all.
    const outcome = row.channel === 'webhook' ? await deliverWebhook(row) : await deliverMail(row);
    await inTransaction(db, async (trx) => {
      await trx('outbox').where({ id: row.id }).delete();
      await appendAudit(trx, clock, { actor: 'system:notify', action: outcome, targetType: 'record', targetId: row.record_id ?? row.id, details: { rule: row.rule_id, channel: row.channel, to: row.recipient, subject: row.subject } });
      await context.complete(trx);
    });
  }

  async function deliverMail(row: OutboxRow): Promise<string> {
    if (!email) throw new FlowdeskError('NOTIFY_CHANNEL_UNAVAILABLE', `no e-mail channel is configured for outbox message ${row.id}`);
    await email.transport.sendMail({ from: email.from, to: row.recipient, subject: row.subject, text: row.text, ...(row.html ? { html: row.html } : {}) });
    return 'notification.sent';
  }

  /** Posts a webhook delivery, signed; an endpoint removed since has nothing left to receive. */
  async function deliverWebhook(row: OutboxRow): Promise<string> {
    const endpoint = (await db.knex('webhook_endpoints').where({ id: row.recipient, status: 'active' }).first('url', 'secret')) as { url: string; secret: string } | undefined;
    if (!endpoint) return 'notification.dropped';
    await postChecked(new URL(endpoint.url), row.text, signDelivery(endpoint.secret, row.text, clock.now()), outbound);
    return 'notification.sent';
  }

  return {
    observer,
    processObserver,
    jobHandlers: { [NOTIFY_SEND_JOB]: sendFromOutbox },
    /** Sends a rule by id about a record, with extra values for its templates (an SLA threshold's). */
    async notifyRule(trx: Transaction, ruleId: string, record: RecordView, extra: Record<string, unknown> = {}): Promise<void> {
      const defs = await definitions.get(trx);
      const rule = defs.rule(ruleId);
      if (!rule) throw new FlowdeskError('INTERNAL', `no installed bundle defines the notification rule "${ruleId}"`);
      await send(trx, defs, rule, record, extra);
    },
  };
}

export type NotificationEngine = ReturnType<typeof createNotificationEngine>;
