/**
 * Recovery after `kill -9`: a runtime node (bench/process-load-worker.ts, run from source) is
 * SIGKILLed in the middle of a load and again in the middle of a commit, then restarted; the
 * database must hold every acknowledged start, whole, with each timer fired exactly once.
 * These tests live in real time — real processes, the system clock, timers of a second — so
 * every wait here is bounded by a due time or a lease the test itself chose.
 */
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { spawnProcessLoadWorker, type LoadWorkerOptions } from '../../bench/spawn-process-load-worker.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { PROCESS_BUNDLE } from '../../test/process-harness.js';
import { createBundleRegistry, createSchemaValidator, loadBundleFromPath, systemClock, type Database } from '../index.js';
import { createProcessRuntime, type ProcessRuntime } from './index.js';
import { TIMER_JOB } from './process-store.js';

const WORKER = fileURLToPath(new URL('../../bench/process-load-worker.ts', import.meta.url));
const WAIT = 'PT1S';
const WAIT_MS = 1000;
/** Short leases, so a restart does not wait a minute for the jobs a killed node held. */
const LEASE_MS = 1500;
const ACKNOWLEDGED_BEFORE_KILL = 30;
const FIRED_BEFORE_KILL = 5;

const worker = (url: string, args: string[], options: LoadWorkerOptions = {}) => spawnProcessLoadWorker(['--import', 'tsx'], WORKER, url, args, { leaseMs: LEASE_MS, ...options });

/** What the database says about one `recovery` instance. */
interface InstanceFacts {
  id: string;
  version: number;
  status: string;
  timerJobs: number;
  pauseLeaves: number;
  followUpEnters: number;
  openFollowUps: number;
}

async function instanceFacts(db: Database): Promise<Map<string, InstanceFacts>> {
  const perInstance = async (query: Knex.QueryBuilder) => {
    const rows = (await query.select('instance_id').count({ n: '*' }).groupBy('instance_id')) as Array<{ instance_id: string; n: number | string }>;
    return new Map(rows.map((r) => [r.instance_id, Number(r.n)]));
  };
  const timerJobs = await perInstance(db.knex('jobs').where({ type: TIMER_JOB }));
  const pauseLeaves = await perInstance(db.knex('process_history').where({ element_id: 'pause', event: 'leave' }));
  const followUpEnters = await perInstance(db.knex('process_history').where({ element_id: 'followUp', event: 'enter' }));
  const openFollowUps = await perInstance(db.knex('process_tasks').where({ element_id: 'followUp', status: 'open' }));
  const rows = (await db.knex('process_instances').where({ process_id: 'recovery' }).select('id', 'version', 'status')) as Array<{ id: string; version: number; status: string }>;
  return new Map(
    rows.map(({ id, version, status }) => [
      id,
      { id, version, status, timerJobs: timerJobs.get(id) ?? 0, pauseLeaves: pauseLeaves.get(id) ?? 0, followUpEnters: followUpEnters.get(id) ?? 0, openFollowUps: openFollowUps.get(id) ?? 0 },
    ]),
  );
}

/** Still waiting on its timer: one timer job, nothing after the timer. */
const isOnTimer = (f: InstanceFacts) => f.status === 'running' && f.version === 1 && f.timerJobs === 1 && f.pauseLeaves === 0 && f.followUpEnters === 0 && f.openFollowUps === 0;
/** Its timer fired exactly once and it waits on followUp: one write after the start, no timer job. */
const isOnFollowUp = (f: InstanceFacts) => f.status === 'running' && f.version === 2 && f.timerJobs === 0 && f.pauseLeaves === 1 && f.followUpEnters === 1 && f.openFollowUps === 1;

async function jobRow(db: Database, id: string) {
  return (await db.knex('jobs').where({ id }).first('status', 'lease_owner', 'lease_expires_at', 'instance_id')) as { status: string; lease_owner: string; lease_expires_at: string; instance_id: string } | undefined;
}

async function pauseLeftAt(db: Database, instanceId: string): Promise<string> {
  const row = (await db.knex('process_history').where({ instance_id: instanceId, element_id: 'pause', event: 'leave' }).first('at')) as { at: string };
  return row.at;
}

/** Resolves at a wall-clock time: a timer that falls due while no runtime node is running. */
function untilWallClock(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}

/** A cold runtime in the test process, as a server started after the crash would be. */
function coldRuntime(db: Database): ProcessRuntime {
  return createProcessRuntime({ db, clock: systemClock, schemas: createSchemaValidator(), scripts: { call: () => Promise.reject(new Error('the recovery process runs no scripts')) } });
}

forEachDatabase('recovery after kill -9', (database) => {
  it('keeps every acknowledged start, fires each timer exactly once across two kills, and the instances go on', async () => {
    const { db, url } = database();

    // A node under load — starting instances, firing the timers that fell due — is killed.
    const loading = worker(url, ['load', '100000', WAIT], { owner: 'load' });
    await loading.until(() => loading.acknowledged.length >= ACKNOWLEDGED_BEFORE_KILL && loading.ran.length >= FIRED_BEFORE_KILL);
    await loading.kill();
    const acknowledged = [...loading.acknowledged];

    const atKill = await instanceFacts(db);
    expect(acknowledged.filter((id) => !atKill.has(id))).toEqual([]);
    // Acknowledged or not, an instance that exists is whole: on its timer with its job, or past it.
    expect([...atKill.values()].filter((f) => !isOnTimer(f) && !isOnFollowUp(f))).toEqual([]);
    const waiting = [...atKill.values()].filter(isOnTimer);
    expect(waiting.length).toBeGreaterThan(0);
    expect([...atKill.values()].filter(isOnFollowUp).length).toBeGreaterThanOrEqual(FIRED_BEFORE_KILL);

    // Nothing runs while the waiting timers fall due.
    const [latest] = (await db.knex('jobs').where({ type: TIMER_JOB }).max({ at: 'due_at' })) as Array<{ at: string }>;
    await untilWallClock(Date.parse(latest!.at) + 50);

    // The restarted node is killed in the middle of a commit, holding the leases of the timers it claimed.
    const frozen = worker(url, ['drain'], { owner: 'drain-frozen', hangFrom: Math.min(3, waiting.length - 1) });
    await frozen.until(() => frozen.hanging.length > 0);
    await frozen.kill();
    const held = await jobRow(db, frozen.hanging[0]!);
    expect(held).toMatchObject({ status: 'running', lease_owner: 'drain-frozen' });
    expect(atKill.get(held!.instance_id)).toBeDefined();
    expect((await instanceFacts(db)).get(held!.instance_id)).toMatchObject({ version: 1, timerJobs: 1, pauseLeaves: 0 });

    // The next restart waits out that lease and fires everything left.
    const draining = worker(url, ['drain'], { owner: 'drain' });
    const drained = await draining.summary;
    expect(drained).toMatchObject({ failed: 0, lost: 0, pendingLeft: 0, runningLeft: 0, failedLeft: 0 });
    expect(draining.stderr()).toBe('');

    const after = await instanceFacts(db);
    expect(acknowledged.filter((id) => !after.has(id))).toEqual([]);
    expect([...after.keys()].sort()).toEqual([...atKill.keys()].sort());
    expect([...after.values()].filter((f) => !isOnFollowUp(f))).toEqual([]);
    expect(await db.knex('jobs').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect(Date.parse(await pauseLeftAt(db, held!.instance_id))).toBeGreaterThanOrEqual(Date.parse(held!.lease_expires_at));

    // Waiting instances go on, served by a runtime that has never seen them.
    const runtime = coldRuntime(db);
    for (const id of acknowledged.slice(0, 5)) {
      const [followUp] = await runtime.tasks.list({ instanceId: id });
      expect(await runtime.completeTask(followUp!.id, { id: 'closer' })).toMatchObject({ status: 'completed', version: 3 });
      expect((await runtime.history(id)).filter((e) => e.event === 'leave').map((e) => e.elementId)).toEqual(['start', 'pause', 'followUp', 'end']);
    }
  }, 30_000);

  it('runs a timer whose runner was killed holding its lease once, after the lease ran out', async () => {
    const { db, url } = database();
    await createBundleRegistry({ db, clock: systemClock, schemas: createSchemaValidator() }).importBundles([await loadBundleFromPath(PROCESS_BUNDLE)], { actor: 'tester' });
    const runtime = coldRuntime(db);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await runtime.start({ bundle: 'process-tests', processId: 'recovery', variables: { wait: WAIT }, actor: 'tester' })).id);

    const frozen = worker(url, ['drain'], { owner: 'frozen', hangFrom: 0, waitUpToMs: 5 * WAIT_MS });
    await frozen.until(() => frozen.hanging.length > 0);
    await frozen.kill();
    const held = await jobRow(db, frozen.hanging[0]!);
    expect(held).toMatchObject({ status: 'running', lease_owner: 'frozen' });
    expect(Date.parse(held!.lease_expires_at)).toBeGreaterThan(Date.now());

    const draining = worker(url, ['drain'], { owner: 'drain' });
    expect(await draining.summary).toMatchObject({ ran: 3, failed: 0, lost: 0, pendingLeft: 0, runningLeft: 0, failedLeft: 0 });
    expect(draining.stderr()).toBe('');
    const after = await instanceFacts(db);
    expect(ids.map((id) => isOnFollowUp(after.get(id)!))).toEqual([true, true, true]);
    expect(Date.parse(await pauseLeftAt(db, held!.instance_id))).toBeGreaterThanOrEqual(Date.parse(held!.lease_expires_at));
  }, 30_000);
});
