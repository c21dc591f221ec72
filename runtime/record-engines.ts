/**
 * The engines that follow records and process steps — SLA clocks, OLAs, satisfaction surveys and
 * notifications — composed over the runtime's record store and process runtime: each observes the
 * writes it follows (and commits with them), each adds job handlers.
 * A notification goes only to users who may read its record, decided by the same grants that
 * scope every API query.
 */
import nodemailer from 'nodemailer';
import {
  applyScope,
  buildNotificationDefinitions,
  createInstalledDefinitions,
  createNotificationEngine,
  createSlaActionRunner,
  createOlaEngine,
  createSlaDefinitionSource,
  createSlaEngine,
  createSlaPluginJob,
  createSurveyDefinitionSource,
  createSurveyEngine,
  type BundleRegistry,
  type CanRead,
  type Clock,
  type Database,
  type JobHandler,
  type OutboundPolicy,
  type ProcessRuntime,
  type RecordStore,
  type RecordTypes,
  taskValues,
} from '../engine/index.js';
import type { RecordAccess } from './access/record-access.js';
import type { MailConfig } from './config.js';
import { resolveCaller } from './identity/caller-resolver.js';

export interface RecordEnginesDeps {
  db: Database;
  clock: Clock;
  registry: BundleRegistry;
  records: RecordStore;
  recordTypes: RecordTypes;
  access: RecordAccess;
  mail: MailConfig | null;
  outbound: OutboundPolicy;
  /** Process steps to follow (task events) and plugins to run (SLA `plugin` escalations). */
  processes: Pick<ProcessRuntime, 'observe' | 'runPlugin'>;
}

export function createRecordEngines({ db, clock, registry, records, recordTypes, access, mail, outbound, processes }: RecordEnginesDeps) {
  const canRead: CanRead = async (trx, userId, record) => {
    // The recipient as a caller limited to reading, as an API token with only the read scope.
    const caller = await resolveCaller(trx, userId, { kind: 'token', tokenId: 'notification-recipient', scopes: ['read'] });
    if (!caller) return false;
    const scope = await access.scopeFor(caller, record.type, 'read', trx);
    const reached: unknown = await applyScope(trx({ r: 'records' }).where('r.id', record.id), { ...scope, recordType: record.type }, 'r').first('r.id');
    return reached !== undefined;
  };
  const notifications = createNotificationEngine({
    db,
    clock,
    definitions: createInstalledDefinitions(registry, buildNotificationDefinitions, { clock }),
    canRead,
    email: mail ? { transport: nodemailer.createTransport(mail.smtpUrl), from: mail.from } : null,
    outbound,
  });
  const slaPlugins = createSlaPluginJob({ db, clock, records, types: recordTypes, runPlugin: processes.runPlugin });
  const slaDefinitions = createSlaDefinitionSource(registry, { clock });
  const sla = createSlaEngine({
    db,
    clock,
    definitions: slaDefinitions,
    actions: createSlaActionRunner({ notify: notifications.notifyRule, records, types: recordTypes, callPlugin: slaPlugins.schedule }),
  });
  records.observe(sla.observer);
  records.observe(notifications.observer);
  const ola = createOlaEngine({ db, clock, definitions: slaDefinitions, notify: notifications.notifyRule, records, types: recordTypes, taskValues });
  const surveys = createSurveyEngine({ db, clock, definitions: createSurveyDefinitionSource(registry, { clock }), notify: notifications.notifyRule, records, types: recordTypes });
  records.observe(surveys.observer);
  processes.observe(notifications.processObserver);
  processes.observe(ola.observer);
  const jobHandlers: Record<string, JobHandler> = { ...sla.jobHandlers, ...slaPlugins.jobHandlers, ...ola.jobHandlers, ...surveys.jobHandlers, ...notifications.jobHandlers };
  return { sla, notifications, surveys, jobHandlers };
}

export type RecordEngines = ReturnType<typeof createRecordEngines>;
