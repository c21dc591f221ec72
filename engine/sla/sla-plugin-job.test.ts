import { join } from 'node:path';
import { createPluginRunner, type PluginRunner } from '../../plugins/index.js';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, userIdOf } from '../../test/org-fixture.js';
import { recordsFixture } from '../../test/records-fixture.js';
import { readAudit } from '../audit/audit-log.js';
import { createSchemaValidator } from '../bundle/schema-validator.js';
import { createJobRunner } from '../jobs/job-runner.js';
import { createProcessRuntime } from '../process/index.js';
import { inTransaction } from '../storage/transaction.js';
import type { SlaThresholdEvent } from './sla-engine.js';
import { createSlaPluginJob } from './sla-plugin-job.js';

/** The process fixture that has the `escalate` plugin and a `ticket` record type. */
const BUNDLE = join(REPO_ROOT, 'engine', 'process', 'fixtures', 'record-process-bundle');
let plugins: PluginRunner;
beforeAll(() => (plugins = createPluginRunner({ workers: 1 })));
afterAll(() => plugins.close());

async function setUp(t: TestDatabase) {
  const { clock, types, store } = await recordsFixture(t, BUNDLE, new Date('2026-03-09T02:00:00Z'));
  const processes = createProcessRuntime({ db: t.db, clock, schemas: createSchemaValidator(), scripts: plugins });
  const pluginJob = createSlaPluginJob({ db: t.db, clock, records: store, types, runPlugin: processes.runPlugin });
  const jobs = createJobRunner({ db: t.db, clock, handlers: pluginJob.jobHandlers, log: { warn: () => {}, error: () => {} } });
  const type = await types.get('ticket');
  /** A ticket whose (pretend) TTR clock crossed `atPercent`, its escalation queued as a threshold would. */
  const escalated = async (subject: string, atPercent: number) => {
    const record = await store.create({ type, organizationId: ORGS.a, callerId: PERSONS.ann, actor: userIdOf(PERSONS.ann), fields: { subject, priority: 'low' } });
    const event = { record, atPercent, repeat: 0, policy: { id: 'ticket-sla' }, clock: { clockId: 'ttr', cycle: 1, deadline: '2026-03-09T06:00:00.000Z', health: 'breached' } } as unknown as SlaThresholdEvent;
    await inTransaction(t.db, (trx) => pluginJob.schedule(trx, 'escalate', event));
    return record;
  };
  return { store, jobs, escalated };
}

forEachDatabase('the SLA plugin action', (database) => {
  it('runs the plugin outside the threshold and applies the change it answers, audited as the SLA', async () => {
    const { store, jobs, escalated } = await setUp(database());
    const late = await escalated('VPN 断开', 100);
    const early = await escalated('邮箱满了', 75);
    expect(await jobs.runUntilIdle()).toMatchObject({ ran: 2, failed: 0 });
    expect(await store.get(late.id, { kind: 'all' })).toMatchObject({ version: 2, fields: { priority: 'high' } });
    expect(await store.get(early.id, { kind: 'all' })).toMatchObject({ version: 1, fields: { priority: 'low' } });
    const audit = await readAudit(database().db.knex, 'record', late.id);
    expect(audit.find((a) => a.action === 'sla.plugin')).toMatchObject({ actor: 'system:sla', details: { plugin: 'escalate', clock: 'ttr', atPercent: 100, set: { fields: { priority: 'high' } } } });
    expect(audit.find((a) => a.action === 'record.update')).toMatchObject({ actor: 'system:sla' });
  });

  it('fails the job visibly when the plugin answers a change the record cannot take', async () => {
    const { store, jobs, escalated } = await setUp(database());
    const record = await escalated('answer badly', 100);
    expect(await jobs.runUntilIdle()).toMatchObject({ ran: 0, failed: 1 });
    const [job] = (await database().db.knex('jobs').where({ type: 'sla.plugin' })) as Array<{ status: string; last_error_code: string }>;
    expect(job).toMatchObject({ last_error_code: 'PLUGIN_OUTPUT_INVALID' });
    expect(await store.get(record.id, { kind: 'all' })).toMatchObject({ version: 1 });
  });
});
