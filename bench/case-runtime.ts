/**
 * The Flowdesk runtime the sla-clocks and outbox benches drive: `openRuntime` — the composition
 * root `flowdesk serve` uses, so the record store, the SLA and notification engines and every job
 * handler are wired as in production — on a scratch database and a manual clock, with the SLA
 * fixture bundle (record type `case`, the office calendar, the case SLA policy, its notification
 * rules) installed and the service desk seeded. The job runner is the one `serve` starts.
 */
import { fileURLToPath } from 'node:url';
import { createJobRunner, createManualClock, loadBundleFromPath, type Clock, type JobRunner, type NewRecord, type RecordTypeInfo, type RecordView } from '../engine/index.js';
import { readConfig } from '../runtime/config.js';
import { openRuntime, type FlowdeskRuntime } from '../runtime/flowdesk-runtime.js';
import type { ScratchDatabase } from './bench-databases.js';
import { DESK_TEAM, seedServiceDesk, type ServiceDesk } from './service-desk-seed.js';

const BUNDLE_DIR = fileURLToPath(new URL('../../engine/sla/fixtures/sla-bundle', import.meta.url));

/** Monday 2026-03-09, 09:00 in Shanghai: the office calendar's working day begins. */
export const MONDAY_9AM = new Date('2026-03-09T09:00:00+08:00');

export type ManualClock = ReturnType<typeof createManualClock>;

/** The From of every message the benches' runtimes send. */
export const MAIL_FROM = 'Service desk <desk@example.test>';

export interface CaseRuntime {
  runtime: FlowdeskRuntime;
  clock: ManualClock;
  type: RecordTypeInfo;
  desk: ServiceDesk;
  /** What a new case holds: from the n-th requester in turn, assigned to the desk team. */
  caseInput(n: number, priority: string): NewRecord;
  /** A new case through the record store, in its own transaction. */
  createCase(n: number, priority: string): Promise<RecordView>;
  /** The job runner of `flowdesk serve` over this runtime: default lease, batch and poll; anything it logs fails the bench. */
  jobRunner(owner: string): { runner: JobRunner; problems: string[] };
  /** Statements sent to the database so far (knex `query` events). */
  queries(): number;
  close(): Promise<void>;
}

/** A Flowdesk node on the database (`openRuntime`, migrations applied), e-mail to `smtpUrl` when given. */
export function openNode(scratch: Pick<ScratchDatabase, 'url' | 'dir'>, clock: Clock, smtpUrl?: string): Promise<FlowdeskRuntime> {
  const env = { FLOWDESK_DATABASE_URL: scratch.url, FLOWDESK_DATA_DIR: scratch.dir, LOG_LEVEL: 'warn', ...(smtpUrl ? { FLOWDESK_SMTP_URL: smtpUrl, FLOWDESK_MAIL_FROM: MAIL_FROM } : {}) };
  return openRuntime(readConfig(env, scratch.dir), clock);
}

/** The job runner `flowdesk serve` starts (default lease, batch and poll), with what it logs collected. */
export function serveJobRunner(runtime: FlowdeskRuntime, clock: Clock, owner: string): { runner: JobRunner; problems: string[] } {
  const problems: string[] = [];
  const log = (details: Record<string, unknown>, message: string) => void problems.push(`${message} ${JSON.stringify(details)}`);
  return { runner: createJobRunner({ db: runtime.db, clock, handlers: runtime.jobHandlers, owner, log: { warn: log, error: log } }), problems };
}

export async function openCaseRuntime(scratch: ScratchDatabase, options: { smtpUrl?: string } = {}): Promise<CaseRuntime> {
  const clock = createManualClock(MONDAY_9AM);
  const runtime = await openNode(scratch, clock, options.smtpUrl);
  let statements = 0;
  runtime.db.knex.on('query', () => statements++);
  try {
    await runtime.registry.importBundles([await loadBundleFromPath(BUNDLE_DIR)], { actor: 'bench' });
    const desk = await seedServiceDesk(runtime.db, clock.now().toISOString());
    const type = await runtime.recordTypes.get('case');
    const requesters = [...desk.requestersOf].flatMap(([organizationId, persons]) => persons.map((callerId) => ({ organizationId, callerId })));
    const caseInput = (n: number, priority: string): NewRecord => ({ type, ...requesters[n % requesters.length]!, teamId: DESK_TEAM, fields: { subject: `VPN 连接不上 / printer jam ${n % 97}`, priority }, actor: 'bench' });
    return {
      runtime,
      clock,
      type,
      desk,
      caseInput,
      createCase: (n, priority) => runtime.records.create(caseInput(n, priority)),
      jobRunner: (owner) => serveJobRunner(runtime, clock, owner),
      queries: () => statements,
      close: () => runtime.close(),
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
