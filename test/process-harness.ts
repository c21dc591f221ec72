import { join } from 'node:path';
import { createBundleRegistry, createJobRunner, createManualClock, createSchemaValidator, loadBundleFromPath, type Database } from '../engine/index.js';
import { createProcessRuntime, type ScriptRunner } from '../engine/process/index.js';
import { REPO_ROOT } from './bundle-fixtures.js';

export const PROCESS_BUNDLE = join(REPO_ROOT, 'engine', 'process', 'fixtures', 'process-bundle');

/**
 * A process runtime on a test database with the fixture bundle installed, a manual clock that
 * starts now (timeDate timers are compared with real time by bpmn-engine), and a job runner;
 * `advance` moves time and runs every job that fell due.
 */
export async function processHarness(db: Database, scripts: ScriptRunner, options: { stepLimit?: number; sessionCacheSize?: number } = {}) {
  const clock = createManualClock(new Date());
  const schemas = createSchemaValidator();
  const registry = createBundleRegistry({ db, clock, schemas });
  await registry.importBundles([await loadBundleFromPath(PROCESS_BUNDLE)], { actor: 'tester' });
  const runtime = createProcessRuntime({ db, clock, schemas, scripts, ...options });
  /** A second runtime on the same database, as another server process would be. */
  const another = () => createProcessRuntime({ db, clock, schemas, scripts, ...options });
  const jobs = createJobRunner({ db, clock, handlers: runtime.jobHandlers, owner: 'test-runner', log: { warn: () => undefined, error: () => undefined } });
  return {
    clock,
    runtime,
    another,
    jobs,
    start: (processId: string, variables: Record<string, unknown> = {}, businessKey?: string) =>
      runtime.start({ bundle: 'process-tests', processId, variables, actor: 'starter', ...(businessKey ? { businessKey } : {}) }),
    /** The open tasks of an instance, by element id (iterations repeat their element id). */
    openTasks: async (instanceId: string) => (await runtime.tasks.list({ instanceId })).map((t) => t.elementId).sort(),
    taskOf: async (instanceId: string, elementId: string) => {
      const task = (await runtime.tasks.list({ instanceId })).find((t) => t.elementId === elementId);
      if (!task) throw new Error(`no open task ${elementId}`);
      return task;
    },
    advance: async (ms: number) => {
      clock.advance(ms);
      return jobs.runUntilIdle();
    },
  };
}
