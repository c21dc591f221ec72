/**
 * OLA escalations on team tasks. A user task's due time (its flowdesk:dueIn, in working time of
 * its calendar) is its OLA target; an OLA of sla.json names the tasks it watches and the
 * thresholds — shares of the working time from the task's creation to its due time — at which
 * it notifies (the task's candidates, its assignee, the record's team or manager…) or changes the
 * task's record. As with SLA clocks nothing polls: a created task gets one `ola.threshold` job
 * for its next threshold; a task completed or cancelled meanwhile makes the job a no-op.
 */
import { appendAudit } from '../audit/audit-log.js';
import type { InstalledDefinitions } from '../bundle/installed-definitions.js';
import type { OlaDefinition } from '../bundle/schemas/index.js';
import type { JobContext } from '../jobs/job-runner.js';
import { scheduleJob } from '../jobs/job-schedule.js';
import type { Job } from '../jobs/job.js';
import type { ProcessObserver } from '../process/process-observers.js';
import { selectTasks, toTaskViews, type TaskView } from '../process/task-view.js';
import { findRecord } from '../records/record-lookup.js';
import type { RecordStore } from '../records/record-store.js';
import type { RecordTypeSource } from '../records/record-types.js';
import { toRecordView, type RecordView } from '../records/record-view.js';
import type { Database } from '../storage/database.js';
import { inTransaction, type Transaction } from '../storage/transaction.js';
import type { BusinessCalendar } from '../time/business-calendar.js';
import type { Clock } from '../time/clock.js';
import type { SlaDefinitions } from './sla-definitions.js';
import { thresholdStep, type ThresholdStep } from './sla-goals.js';

export const OLA_THRESHOLD_JOB = 'ola.threshold';
const ACTOR = 'system:ola';
const ALL = { kind: 'all' } as const;

export interface OlaEngineDeps {
  db: Database;
  clock: Clock;
  definitions: InstalledDefinitions<SlaDefinitions>;
  /** Sends a notification rule about a record (the notification engine's `notifyRule`). */
  notify(trx: Transaction, ruleId: string, record: RecordView, extra: Record<string, unknown>): Promise<void>;
  records: Pick<RecordStore, 'update'>;
  types: RecordTypeSource;
  /** What templates and the task parties see of the task (the notification engine's `taskValues`). */
  taskValues(task: TaskView): Record<string, unknown>;
}

type OlaAction = OlaDefinition['thresholds'][number]['actions'][number];

interface OlaPayload {
  taskId: string;
  olaId: string;
  step: number;
}

export function createOlaEngine({ db, clock, definitions, notify, records, types, taskValues }: OlaEngineDeps) {
  /** Threshold `index` of an OLA on a task: when it falls due, or null past the last one. */
  function stepOf(ola: OlaDefinition, calendar: BusinessCalendar, task: TaskView, index: number): (ThresholdStep<OlaAction> & { dueAt: Date }) | null {
    const createdAt = new Date(task.createdAt);
    const targetMs = calendar.between(createdAt, new Date(task.dueAt!));
    const step = thresholdStep(ola, calendar, createdAt, targetMs, index);
    return step ? { ...step, dueAt: calendar.add(createdAt, step.atMs) } : null;
  }

  async function schedule(trx: Transaction, ola: OlaDefinition, calendar: BusinessCalendar, task: TaskView, index: number, notBefore?: Date): Promise<void> {
    const step = stepOf(ola, calendar, task, index);
    if (!step) return;
    const dueAt = notBefore && step.dueAt < notBefore ? notBefore : step.dueAt;
    await scheduleJob(trx, clock, { type: OLA_THRESHOLD_JOB, dueAt, instanceId: task.id, payload: { taskId: task.id, olaId: ola.id, step: index } satisfies OlaPayload, maxAttempts: 5 });
  }

  const observer: ProcessObserver = {
    async processChanged(trx, events) {
      const created = events.filter((e) => e.kind === 'task.created' && e.task?.dueAt);
      if (created.length === 0) return;
      const defs = await definitions.get(trx);
      for (const { processId, task } of created) {
        for (const ola of defs.olasFor(processId, task!.elementId)) await schedule(trx, ola, defs.calendarOf(ola), task!, 0);
      }
    },
  };

  async function fire(job: Job, context: JobContext): Promise<void> {
    const { taskId, olaId, step } = job.payload as OlaPayload;
    await inTransaction(db, async (trx) => {
      const rows = (await selectTasks(trx).where('t.id', taskId).where('t.status', 'open')) as Array<Record<string, string | null>>;
      const [task] = await toTaskViews(trx, rows);
      const defs = await definitions.get(trx);
      const ola = defs.ola(olaId);
      // A task done or cancelled since, or an OLA no longer installed: nothing to escalate.
      if (!task || !task.dueAt || !ola) return context.complete(trx);
      const calendar = defs.calendarOf(ola);
      const now = context.clock.now();
      await context.complete(trx);
      if (!calendar.isWorkingTime(now)) return schedule(trx, ola, calendar, task, step, calendar.nextWorkingTime(now));
      const threshold = stepOf(ola, calendar, task, step);
      if (!threshold) return;
      let record = task.record ? toRecordView(await findRecord(trx, task.record.id, ALL)) : null;
      for (const action of record ? threshold.actions : []) {
        if ('notify' in action) await notify(trx, action.notify, record!, { task: taskValues(task), percent: threshold.atPercent, repeat: threshold.repeat, ola: ola.id });
        else {
          const type = await types.get(record!.type, trx);
          record = await records.update(record!.id, { expectedVersion: record!.version, ...action.set }, ALL, ACTOR, { trx, type });
        }
      }
      await appendAudit(trx, clock, { actor: ACTOR, action: 'ola.threshold', targetType: 'task', targetId: task.id, details: { ola: ola.id, atPercent: threshold.atPercent, repeat: threshold.repeat, dueAt: task.dueAt, ...(record ? { recordId: record.id } : {}) } });
      await schedule(trx, ola, calendar, task, step + 1);
    });
  }

  return { observer, jobHandlers: { [OLA_THRESHOLD_JOB]: fire } };
}
