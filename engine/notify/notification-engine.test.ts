import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { recordsFixture } from '../../test/records-fixture.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, TEAMS, userIdOf } from '../../test/org-fixture.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/smtp-server.js';
import { readAudit } from '../audit/audit-log.js';
import { createInstalledDefinitions } from '../bundle/installed-definitions.js';
import { createJobRunner } from '../jobs/job-runner.js';
import type { RecordScope } from '../records/index.js';
import { createSlaActionRunner } from '../sla/sla-actions.js';
import { createSlaDefinitionSource } from '../sla/sla-definitions.js';
import { createSlaEngine } from '../sla/sla-engine.js';
import { buildNotificationDefinitions, createNotificationEngine } from './notification-engine.js';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints } from './webhooks.js';

const BUNDLE = join(REPO_ROOT, 'engine', 'sla', 'fixtures', 'sla-bundle');
const ALL: RecordScope = { kind: 'all' };
const ANN = userIdOf(PERSONS.ann);
const SAM = userIdOf(PERSONS.sam);
const BOB = userIdOf(PERSONS.bob);
const sh = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

let smtp: TestSmtpServer;
beforeAll(async () => (smtp = await startSmtpServer()));
afterAll(() => smtp.close());
beforeEach(() => {
  smtp.received.length = 0;
  smtp.refuse(false);
});

/** The records, SLA and notification engines over one database, e-mail to the loopback SMTP server. */
async function setUp(t: TestDatabase, start: Date) {
  const { clock, registry, types, store } = await recordsFixture(t, BUNDLE, start);
  // Readers of a case: a person of its organization or one below it, or a holder of case-manager (grant scope: all).
  const notifications = createNotificationEngine({
    db: t.db,
    clock,
    definitions: createInstalledDefinitions(registry, buildNotificationDefinitions, { maxAgeMs: 0 }),
    canRead: async (trx, userId, record) => {
      const user = (await trx('users').join('persons', 'persons.id', 'users.person_id').join('organizations', 'organizations.id', 'persons.organization_id').where('users.id', userId).first('organizations.path as path')) as { path: string } | undefined;
      const isManager = (await trx('user_roles').where({ user_id: userId, role_id: 'case-manager' }).first()) !== undefined;
      return isManager || (user?.path.includes(`/${record.organizationId}/`) ?? false);
    },
    email: { transport: nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true }), from: '"Flowdesk" <desk@example.test>' },
    outbound: { allowPrivate: true, timeoutMs: 2000 },
  });
  const sla = createSlaEngine({
    db: t.db,
    clock,
    definitions: createSlaDefinitionSource(registry, { maxAgeMs: 0 }),
    actions: createSlaActionRunner({ notify: notifications.notifyRule, records: store, types }),
  });
  store.observe(sla.observer);
  store.observe(notifications.observer);
  const jobs = createJobRunner({ db: t.db, clock, handlers: { ...sla.jobHandlers, ...notifications.jobHandlers }, backoff: () => 60_000, log: { warn: () => {}, error: () => {} } });
  const type = await types.get('case');
  const newCase = (priority: string, more: Record<string, unknown> = {}) => store.create({ type, organizationId: ORGS.a, callerId: PERSONS.ann, actor: ANN, fields: { subject: '打印机 <卡纸>', priority }, ...more });
  const inbox = async (userId: string) => (await t.db.knex('inbox_notifications').where({ user_id: userId }).orderBy('created_at').select('rule_id', 'subject', 'text')) as Array<{ rule_id: string; subject: string; text: string }>;
  return { clock, store, jobs, newCase, inbox, sla };
}

forEachDatabase('notifications', (database) => {
  it('mails the requester when a case is logged: through the outbox, sent by the job runner to a real SMTP server, then deleted', async () => {
    const t = database();
    const { newCase, jobs } = await setUp(t, sh('2026-03-09', '09:00'));
    await t.db.knex('users').where({ id: ANN }).update({ language: 'zh-CN' });

    const record = await newCase('p3');
    expect(await t.db.knex('outbox').count({ n: '*' })).toEqual([{ n: 1 }]);
    expect(smtp.received).toEqual([]);
    await jobs.runUntilIdle();

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['person-ann@example.test']);
    expect(mail!.parsed.subject).toBe(`已收到 ${record.number}：打印机 <卡纸>`);
    expect(mail!.parsed.text?.trim()).toBe(`ann，您好：\n您的工单“打印机 <卡纸>”已登记为 ${record.number}。`);
    expect(mail!.parsed.html).toContain('打印机 &lt;卡纸&gt;');
    expect(await t.db.knex('outbox').count({ n: '*' })).toEqual([{ n: 0 }]);
    const audit = await readAudit(t.db.knex, 'record', record.id);
    expect(audit.find((a) => a.action === 'notification.sent')?.details).toMatchObject({ rule: 'case-received', to: 'person-ann@example.test' });
  });

  it('keeps a message the mail server refuses, retries it with backoff, and sends it once the server takes mail again', async () => {
    const t = database();
    const { newCase, jobs, clock } = await setUp(t, sh('2026-03-09', '09:00'));
    smtp.refuse(true);
    await newCase('p3');
    const first = await jobs.runUntilIdle();
    expect(first).toMatchObject({ failed: 1 });
    const [job] = (await t.db.knex('jobs').where({ type: 'notify.send' })) as Array<{ attempts: number; last_error_message: string }>;
    expect(job).toMatchObject({ attempts: 1 });
    expect(await t.db.knex('outbox').count({ n: '*' })).toEqual([{ n: 1 }]);

    smtp.refuse(false);
    clock.advance(60_000);
    await jobs.runUntilIdle();
    expect(smtp.received).toHaveLength(1);
    expect(await t.db.knex('jobs').where({ type: 'notify.send' }).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('puts in-app notifications in the inbox of users who may read the record, on a state the rule names', async () => {
    const t = database();
    const { newCase, store, inbox } = await setUp(t, sh('2026-03-09', '09:00'));
    const record = await newCase('p3');
    await store.update(record.id, { expectedVersion: 1, fields: { subject: 'still jammed' } }, ALL, ANN);
    expect(await inbox(SAM)).toEqual([]);
    // Assigned to Sam (provider staff, not of customer A, no case-manager role): he may not read it, so nothing.
    await store.update(record.id, { expectedVersion: 2, state: 'assigned', assigneeId: SAM }, ALL, ANN);
    expect(await inbox(SAM)).toEqual([]);
    await t.db.knex('user_roles').insert({ user_id: SAM, role_id: 'case-manager' });
    const other = await newCase('p3');
    await store.update(other.id, { expectedVersion: 1, state: 'assigned', assigneeId: SAM }, ALL, ANN);
    expect(await inbox(SAM)).toEqual([{ rule_id: 'case-assigned', subject: `${other.number} is yours`, text: '打印机 <卡纸>' }]);
  });

  it('escalates on SLA thresholds: the team is told at 75 %, the manager and case managers are mailed at 100 % and the priority is raised', async () => {
    const t = database();
    const { newCase, jobs, clock, inbox, sla } = await setUp(t, sh('2026-03-09', '09:00'));
    await t.db.knex('persons').where({ id: PERSONS.ann }).update({ manager_id: PERSONS.amy });
    await t.db.knex('user_roles').insert([{ user_id: SAM, role_id: 'case-manager' }, { user_id: BOB, role_id: 'other-role' }]);
    const record = await newCase('p3', { teamId: TEAMS.desk }); // TTR P3D = 24 h; TTO 4 h: 75 % at 12:00, 100 % at 14:00
    await jobs.runUntilIdle();
    smtp.received.length = 0;

    // 75 % falls at 12:00, the start of the lunch break: it goes out when work resumes at 13:00.
    clock.set(sh('2026-03-09', '12:00'));
    await jobs.runUntilIdle();
    expect(await inbox(SAM)).toEqual([]);
    clock.set(sh('2026-03-09', '13:00'));
    await jobs.runUntilIdle();
    expect((await inbox(SAM)).map((n) => n.rule_id)).toEqual(['case-warning']); // Sam: desk team member, and (as case manager) allowed to read
    clock.set(sh('2026-03-09', '14:00'));
    await jobs.runUntilIdle();
    await jobs.runUntilIdle();
    const breach = smtp.received.filter((m) => m.parsed.subject?.includes('is late'));
    expect(breach.map((m) => m.to[0]).sort()).toEqual(['person-amy@example.test', 'person-sam@example.test']);
    expect(breach[0]!.parsed.text).toContain('passed 100% of its tto goal');
    // Bob has a role the rule does not name and is of another organization: nothing for him.
    expect(smtp.received.some((m) => m.to.includes('person-bob@example.test'))).toBe(false);
    const ttr = (await sla.clocksOf(record.id)).find((c) => c.clockId === 'ttr')!;
    expect(ttr.targetMs).toBe(24 * 3_600_000); // the TTO breach does not touch the TTR goal (its own 100 % raises the priority)
  });

  it('raises the priority when the resolution goal is missed, which re-goals the clock without a burst of repeats', async () => {
    const t = database();
    const { newCase, jobs, clock, sla, store } = await setUp(t, sh('2026-03-09', '09:00'));
    const record = await newCase('p3'); // TTR P3D = 24 h: 100 % at Wednesday 18:00, the end of the day
    await store.update(record.id, { expectedVersion: 1, state: 'assigned' }, ALL, ANN); // stops the TTO clock
    for (const at of ['2026-03-10T09:00', '2026-03-11T12:00', '2026-03-11T18:00', '2026-03-12T09:00']) {
      clock.set(new Date(`${at}:00+08:00`));
      await jobs.runUntilIdle();
    }
    const after = await store.get(record.id, ALL);
    expect(after.fields['priority']).toBe('p1');
    const ttr = (await sla.clocksOf(record.id)).find((c) => c.clockId === 'ttr')!;
    expect(ttr).toMatchObject({ targetMs: 4 * 3_600_000, health: 'breached', breachedAt: sh('2026-03-11', '18:00').toISOString() });
    const fired = (await readAudit(t.db.knex, 'record', record.id)).filter((a) => a.action === 'sla.threshold' && (a.details as { clock: string }).clock === 'ttr');
    // 75 % and 100 % once each; the repeats every 2 h that the new 4 h goal left behind are skipped.
    expect(fired.map((a) => (a.details as { atPercent: number; repeat: number }).repeat)).toEqual([0, 0]);
    const [next] = (await t.db.knex('jobs').where({ instance_id: ttr.id })) as Array<{ due_at: string }>;
    expect(next!.due_at).toBe(sh('2026-03-12', '11:00').toISOString()); // the next repeat: 26 h counted
  });

  it('delivers webhook rules to the endpoints subscribed to them, signed, through the outbox and the outbound guard', async () => {
    const t = database();
    const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/flowdesk`;
      const { newCase, jobs, clock } = await setUp(t, sh('2026-03-09', '09:00'));
      // The guard refuses a loopback endpoint unless the installation allows private targets.
      await expect(createWebhookEndpoint(t.db, clock, { allowPrivate: false, timeoutMs: 1000 }, { name: 'CMDB sync', url, ruleIds: ['case-webhook'], actor: ANN })).rejects.toMatchObject({ code: 'OUTBOUND_ADDRESS_REFUSED' });
      const { endpoint, secret } = await createWebhookEndpoint(t.db, clock, { allowPrivate: true, timeoutMs: 1000 }, { name: 'Chat bridge', url, ruleIds: ['case-webhook'], actor: ANN });
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(await listWebhookEndpoints(t.db.knex))).not.toContain(secret);

      const record = await newCase('p2');
      await jobs.runUntilIdle();
      expect(received).toHaveLength(1);
      const [delivery] = received;
      const payload = JSON.parse(delivery!.body) as { event: string; rule: string; record: { number: string; fields: Record<string, unknown> } };
      expect(payload).toMatchObject({ event: 'record.created', rule: 'case-webhook', record: { number: record.number, fields: { subject: '打印机 <卡纸>', priority: 'p2' } } });
      const timestamp = delivery!.headers['x-flowdesk-timestamp'] as string;
      expect(timestamp).toBe(String(Math.floor(clock.now().getTime() / 1000)));
      expect(delivery!.headers['x-flowdesk-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${delivery!.body}`).digest('hex')}`);
      expect(await t.db.knex('outbox').count({ n: '*' })).toEqual([{ n: 0 }]);

      // A removed endpoint receives nothing more; what was queued for it is dropped.
      await newCase('p3');
      await deleteWebhookEndpoint(t.db, clock, endpoint.id, ANN);
      await jobs.runUntilIdle();
      expect(received).toHaveLength(1);
      expect(await t.db.knex('outbox').where({ channel: 'webhook' }).count({ n: '*' })).toEqual([{ n: 0 }]);
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
