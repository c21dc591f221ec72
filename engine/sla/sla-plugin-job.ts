/**
 * The SLA `plugin` action. A threshold does not run bundle code inside its transaction (a sandbox
 * call may take a while, and holds no lock while it does): it queues an `sla.plugin` job in that
 * transaction. The job runs the plugin with the threshold and the record as they are then, and
 * applies what the plugin answers — `{ set: { state?, fields?, teamId?, assigneeId? } }`, or
 * nothing — to the record as the SLA system actor, audited, in the job's completing transaction.
 * A plugin that fails, or answers a change the record refuses, fails the job visibly and is retried.
 */
import { appendAudit } from '../audit/audit-log.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { JobContext } from '../jobs/job-runner.js';
import { scheduleJob } from '../jobs/job-schedule.js';
import type { Job } from '../jobs/job.js';
import type { RecordChange } from '../records/record-commands.js';
import { findRecord } from '../records/record-lookup.js';
import type { RecordStore } from '../records/record-store.js';
import type { RecordTypeSource } from '../records/record-types.js';
import { toRecordView } from '../records/record-view.js';
import type { Database } from '../storage/database.js';
import { inTransaction, type Transaction } from '../storage/transaction.js';
import type { Clock } from '../time/clock.js';
import type { SlaThresholdEvent } from './sla-engine.js';

export const SLA_PLUGIN_JOB = 'sla.plugin';
const ACTOR = 'system:sla';
const ALL = { kind: 'all' } as const;
const SETTABLE = new Set(['state', 'fields', 'teamId', 'assigneeId']);

export interface SlaPluginDeps {
  db: Database;
  clock: Clock;
  records: Pick<RecordStore, 'update'>;
  types: RecordTypeSource;
  /** Runs an installed plugin in the sandbox (the process runtime's `runPlugin`). */
  runPlugin(pluginId: string, input: unknown): Promise<unknown>;
}

interface PluginPayload {
  pluginId: string;
  recordId: string;
  threshold: { policy: string; clock: string; cycle: number; atPercent: number; repeat: number; deadline: string | null; health: string };
}

export function createSlaPluginJob({ db, clock, records, types, runPlugin }: SlaPluginDeps) {
  /** Inside the threshold's transaction: the call, queued. */
  async function schedule(trx: Transaction, pluginId: string, event: SlaThresholdEvent): Promise<void> {
    const { clock: sla } = event;
    const payload: PluginPayload = {
      pluginId,
      recordId: event.record.id,
      threshold: { policy: event.policy.id, clock: sla.clockId, cycle: sla.cycle, atPercent: event.atPercent, repeat: event.repeat, deadline: sla.deadline, health: sla.health },
    };
    await scheduleJob(trx, clock, { type: SLA_PLUGIN_JOB, dueAt: clock.now(), payload, maxAttempts: 5 });
  }

  async function run(job: Job, context: JobContext): Promise<void> {
    const { pluginId, recordId, threshold } = job.payload as PluginPayload;
    const record = toRecordView(await findRecord(db.knex, recordId, ALL));
    const output = await runPlugin(pluginId, { threshold, record });
    const set = settingsOf(output, pluginId);
    await inTransaction(db, async (trx) => {
      if (set) {
        const current = await findRecord(trx, recordId, ALL);
        const type = await types.get(current.type, trx);
        await records.update(recordId, { expectedVersion: Number(current.version), ...set }, ALL, ACTOR, { trx, type });
      }
      await appendAudit(trx, clock, { actor: ACTOR, action: 'sla.plugin', targetType: 'record', targetId: recordId, details: { plugin: pluginId, ...threshold, set: set ?? null } });
      await context.complete(trx);
    });
  }

  return { schedule, jobHandlers: { [SLA_PLUGIN_JOB]: run } };
}

/** The record change a plugin answered, or null for none. */
function settingsOf(output: unknown, pluginId: string): Omit<RecordChange, 'expectedVersion'> | null {
  if (output === null || output === undefined) return null;
  const set = typeof output === 'object' && !Array.isArray(output) ? (output as { set?: unknown }).set : output;
  if (set === undefined) return null;
  if (set === null || typeof set !== 'object' || Array.isArray(set) || Object.keys(set).some((key) => !SETTABLE.has(key))) {
    throw new FlowdeskError('PLUGIN_OUTPUT_INVALID', `plugin ${pluginId} answered an SLA escalation with ${JSON.stringify(output).slice(0, 200)}; answer nothing or { set: { state?, fields?, teamId?, assigneeId? } }`);
  }
  return set as Omit<RecordChange, 'expectedVersion'>;
}
