import type { Database, JobRunner } from '../engine/index.js';

/**
 * Moves a manual clock to `at`, running every job that falls due on the way at its own due time,
 * in due order: what a worker would have done while that time passed.
 */
export async function advanceRunningJobs(db: Database, clock: { now(): Date; set(at: Date): void }, jobs: Pick<JobRunner, 'runUntilIdle'>, at: Date): Promise<void> {
  for (;;) {
    const [next] = (await db.knex('jobs').where('status', 'pending').orderBy('due_at').limit(1)) as Array<{ due_at: string }>;
    if (!next || next.due_at > at.toISOString()) break;
    clock.set(new Date(Math.max(clock.now().getTime(), Date.parse(next.due_at))));
    await jobs.runUntilIdle();
  }
  clock.set(at);
}
