/**
 * The scenario's virtual time: the manual clock moves only when a step says so, and every job
 * that falls due on the way runs at its own due time, in due order, one at a time — as a worker
 * that never sleeps would have run them. Mail is not sent: a scenario's messages stay in the
 * outbox, where the expectations read them.
 */
import { createJobRunner, listJobs, NOTIFY_SEND_JOB, type JobHandler, type createManualClock } from '../../engine/index.js';
import type { FlowdeskRuntime } from '../flowdesk-runtime.js';

export type ManualClock = ReturnType<typeof createManualClock>;

export interface ScenarioTime {
  /** Runs every job due now, and what those make due now. */
  settle(): Promise<void>;
  /** Moves the clock to `at`, running each job due by then at its due time. */
  advanceTo(at: Date): Promise<void>;
  /** Job runs that failed since the last call, as `type: CODE message`; emptied by the call. */
  takeFailures(): string[];
}

export function createScenarioTime(runtime: FlowdeskRuntime, clock: ManualClock): ScenarioTime {
  const failures: string[] = [];
  const keepInOutbox: JobHandler = async () => undefined;
  const jobs = createJobRunner({
    db: runtime.db,
    clock,
    handlers: { ...runtime.jobHandlers, [NOTIFY_SEND_JOB]: keepInOutbox },
    owner: 'scenario',
    batchSize: 1,
    log: {
      // A failed run warns with its code; a lost lease (no code) cannot happen with one runner.
      warn: (details) => {
        if (details['code'] !== undefined) failures.push(`${String(details['type'])}: ${String(details['code'])} ${String(details['message'])}`);
      },
      error: (details, message) => void failures.push(`${message}: ${(details['err'] as Error | undefined)?.message ?? 'unknown error'}`),
    },
  });
  const settle = async () => void (await jobs.runUntilIdle());
  return {
    settle,
    async advanceTo(at) {
      for (;;) {
        const [next] = await listJobs(runtime.db.knex, { status: 'pending', limit: 1 });
        if (!next || next.dueAt.getTime() > at.getTime()) break;
        clock.set(new Date(Math.max(clock.now().getTime(), next.dueAt.getTime())));
        await settle();
        if (failures.length > 0) return;
      }
      clock.set(at);
      await settle();
    },
    takeFailures: () => failures.splice(0),
  };
}
