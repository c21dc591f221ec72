import { join } from 'node:path';
import { advanceRunningJobs } from '../../test/advance-jobs.js';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { recordsFixture } from '../../test/records-fixture.js';
import { forEachDatabase, type TestDatabase } from '../../test/for-each-database.js';
import { ORGS, PERSONS, userIdOf } from '../../test/org-fixture.js';
import { readAudit } from '../audit/audit-log.js';
import type { SlaActionDefinition } from '../bundle/schemas/index.js';
import { createJobRunner } from '../jobs/job-runner.js';
import type { RecordScope } from '../records/index.js';
import { createSlaDefinitionSource } from './sla-definitions.js';
import { createSlaEngine, type SlaThresholdEvent } from './sla-engine.js';
import { slaAchievement } from './sla-report.js';

const BUNDLE = join(REPO_ROOT, 'engine', 'sla', 'fixtures', 'sla-bundle');
const ALL: RecordScope = { kind: 'all' };
const ANN = userIdOf(PERSONS.ann);
const HOUR = 3_600_000;
/** A local Shanghai time (the calendar's zone): office hours 09–12 and 13–18, Monday to Friday. */
const sh = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

async function setUp(t: TestDatabase, start: Date) {
  const { clock, registry, types, store } = await recordsFixture(t, BUNDLE, start);
  const fired: Array<{ number: string; clock: string; atPercent: number; repeat: number; at: string; actions: readonly SlaActionDefinition[] }> = [];
  const engine = createSlaEngine({
    db: t.db,
    clock,
    definitions: createSlaDefinitionSource(registry, { maxAgeMs: 0 }),
    actions: {
      run: async (_trx, event: SlaThresholdEvent, actions) => void fired.push({ number: event.record.number, clock: event.clock.clockId, atPercent: event.atPercent, repeat: event.repeat, at: clock.now().toISOString(), actions }),
    },
  });
  store.observe(engine.observer);
  const jobs = createJobRunner({ db: t.db, clock, handlers: engine.jobHandlers, log: { warn: () => {}, error: () => {} } });
  const type = await types.get('case');
  const newCase = (priority: string) => store.create({ type, organizationId: ORGS.a, callerId: PERSONS.ann, actor: ANN, fields: { subject: 'VPN 连接不上', priority } });
  const clocks = async (recordId: string) => Object.fromEntries((await engine.clocksOf(recordId)).map((c) => [`${c.clockId}#${c.cycle}`, c]));
  const advanceTo = (at: Date) => advanceRunningJobs(t.db, clock, jobs, at);
  return { clock, store, engine, fired, newCase, clocks, advanceTo, type, jobs };
}

forEachDatabase('the SLA engine', (database) => {
  it('starts the clocks of a new record with the shortest matching goals, in business time', async () => {
    const { newCase, clocks } = await setUp(database(), sh('2026-03-06', '16:00')); // a Friday
    const record = await newCase('p2');
    const now = await clocks(record.id);
    expect(now['tto#1']).toMatchObject({ metric: 'response', status: 'running', health: 'ok', targetMs: 4 * HOUR, deadline: sh('2026-03-09', '11:00').toISOString() });
    // P1D from Friday 16:00: Monday 16:00, which is 8 working hours.
    expect(now['ttr#1']).toMatchObject({ metric: 'resolution', targetMs: 8 * HOUR, deadline: sh('2026-03-09', '16:00').toISOString(), timeZone: 'Asia/Shanghai' });
    expect(await database().db.knex('jobs').where({ type: 'sla.threshold' }).count({ n: '*' })).toEqual([{ n: 2 }]);
  });

  it('fires 75 % and 100 % inside working hours, at most once, and stops the response clock when the record is assigned', async () => {
    const { newCase, clocks, store, fired, advanceTo } = await setUp(database(), sh('2026-03-06', '16:00'));
    const record = await newCase('p3'); // TTO 4 h: 75 % at Monday 10:00, 100 % at Monday 11:00
    await advanceTo(sh('2026-03-09', '10:30'));
    expect(fired.filter((f) => f.clock === 'tto')).toEqual([{ number: record.number, clock: 'tto', atPercent: 75, repeat: 0, at: sh('2026-03-09', '10:00').toISOString(), actions: [{ notify: 'case-warning' }] }]);
    expect((await clocks(record.id))['tto#1']!.health).toBe('warning');

    await store.update(record.id, { expectedVersion: 1, state: 'assigned' }, ALL, ANN);
    await advanceTo(sh('2026-03-10', '18:00'));
    const tto = (await clocks(record.id))['tto#1']!;
    expect(tto).toMatchObject({ status: 'stopped', health: 'met', elapsedMs: 3.5 * HOUR, breachedAt: null, stoppedAt: sh('2026-03-09', '10:30').toISOString() });
    expect(fired.filter((f) => f.clock === 'tto')).toHaveLength(1);
    const audit = await readAudit(database().db.knex, 'record', record.id);
    expect(audit.filter((a) => a.action === 'sla.threshold').map((a) => a.details)).toEqual([expect.objectContaining({ clock: 'tto', atPercent: 75, repeat: 0 })]);
  });

  it('pauses the resolution clock while waiting for the customer, moving its deadline by the business time paused', async () => {
    const { newCase, clocks, store, advanceTo } = await setUp(database(), sh('2026-03-09', '09:00')); // Monday
    const record = await newCase('p1'); // TTR 4 h: Monday 14:00
    await advanceTo(sh('2026-03-09', '10:00'));
    const waiting = await store.update(record.id, { expectedVersion: 1, state: 'waiting' }, ALL, ANN);
    expect((await clocks(record.id))['ttr#1']).toMatchObject({ status: 'paused', health: 'paused', deadline: null, elapsedMs: HOUR });
    await advanceTo(sh('2026-03-10', '09:00')); // the customer answers Tuesday morning
    await store.update(record.id, { expectedVersion: waiting.version, state: 'assigned' }, ALL, ANN);
    expect((await clocks(record.id))['ttr#1']).toMatchObject({ status: 'running', deadline: sh('2026-03-10', '12:00').toISOString(), pausedMs: 23 * HOUR }); // 3 h left: 09–12
  });

  it('re-goals when the priority changes, keeping the time counted, and repeats the breach threshold every 2 business hours', async () => {
    const { newCase, clocks, store, fired, advanceTo } = await setUp(database(), sh('2026-03-09', '09:00'));
    const record = await newCase('p3'); // TTR P3D = 24 h
    await advanceTo(sh('2026-03-09', '11:00'));
    await store.update(record.id, { expectedVersion: 1, fields: { priority: 'p1' } }, ALL, ANN); // now 4 h: 2 h left
    expect((await clocks(record.id))['ttr#1']).toMatchObject({ targetMs: 4 * HOUR, elapsedMs: 2 * HOUR, deadline: sh('2026-03-09', '14:00').toISOString() }); // 11–12, 13–14
    await advanceTo(sh('2026-03-10', '10:00'));
    const ttr = fired.filter((f) => f.clock === 'ttr').map((f) => [f.atPercent, f.repeat, f.at]);
    // 75 % at 13:00, 100 % at 14:00, then 16:00, and 18:00 — the end of the working day, so it
    // waits for Tuesday 09:00 rather than going out after hours.
    expect(ttr).toEqual([
      [75, 0, sh('2026-03-09', '13:00').toISOString()],
      [100, 0, sh('2026-03-09', '14:00').toISOString()],
      [100, 1, sh('2026-03-09', '16:00').toISOString()],
      [100, 2, sh('2026-03-10', '09:00').toISOString()],
    ]);
    expect((await clocks(record.id))['ttr#1']).toMatchObject({ health: 'breached', breachedAt: sh('2026-03-09', '14:00').toISOString() });
  });

  it('escalates a job that falls due at night (the runner was down) when people work again, and keeps the facts of a stopped clock', async () => {
    const { newCase, clocks, store, fired, clock, jobs, advanceTo } = await setUp(database(), sh('2026-03-09', '17:00'));
    const record = await newCase('p1'); // TTO 1 h: 75 % at Monday 17:45, 100 % at 18:00
    clock.set(sh('2026-03-10', '02:00'));
    await jobs.runUntilIdle();
    expect(fired).toEqual([]);
    await advanceTo(sh('2026-03-10', '09:30'));
    expect(fired.filter((f) => f.clock === 'tto').map((f) => [f.atPercent, f.at])).toEqual([
      [75, sh('2026-03-10', '09:00').toISOString()],
      [100, sh('2026-03-10', '09:00').toISOString()],
    ]);
    await store.update(record.id, { expectedVersion: 1, state: 'assigned' }, ALL, ANN);
    clock.set(sh('2026-03-11', '12:00'));
    expect((await clocks(record.id))['tto#1']).toMatchObject({
      status: 'stopped',
      health: 'missed',
      elapsedMs: 1.5 * HOUR,
      remainingMs: -0.5 * HOUR,
      breachedAt: sh('2026-03-09', '18:00').toISOString(),
      stoppedAt: sh('2026-03-10', '09:30').toISOString(),
    });
    expect(await database().db.knex('jobs').where({ instance_id: (await clocks(record.id))['tto#1']!.id }).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('reports achievement over a period from the stored facts, within the caller\'s scope only', async () => {
    const t = database();
    const { newCase, store, type, advanceTo } = await setUp(t, sh('2026-03-09', '09:00'));
    const quick = await newCase('p3'); // TTO 4 h
    const late = await newCase('p1'); // TTO 1 h
    const elsewhere = await store.create({ type, organizationId: ORGS.b, callerId: PERSONS.bob, actor: ANN, fields: { subject: 'B', priority: 'p1' } });
    await advanceTo(sh('2026-03-09', '10:00'));
    await store.update(quick.id, { expectedVersion: 1, state: 'assigned' }, ALL, ANN); // met after 1 h
    await advanceTo(sh('2026-03-09', '11:30'));
    await store.update(late.id, { expectedVersion: 1, state: 'assigned' }, ALL, ANN); // missed: 2.5 h of 1 h
    await store.update(elsewhere.id, { expectedVersion: 1, state: 'assigned' }, ALL, ANN); // missed too, in organization B

    const period = { recordType: 'case', from: sh('2026-03-09', '00:00').toISOString(), to: sh('2026-03-10', '00:00').toISOString() };
    const everything = await slaAchievement(t.db.knex, { ...period, scope: ALL });
    expect(everything).toEqual([{ policyId: 'case-sla', clockId: 'tto', metric: 'response', stopped: 3, met: 1, missed: 2, metShare: 1 / 3, averageElapsedMs: 2 * HOUR, overrunMs: 3 * HOUR }]);
    const organizationA = await slaAchievement(t.db.knex, { ...period, scope: { kind: 'some', terms: [{ organizationIds: [ORGS.a] }] } });
    expect(organizationA).toEqual([expect.objectContaining({ stopped: 2, met: 1, missed: 1, overrunMs: 1.5 * HOUR })]);
    expect(await slaAchievement(t.db.knex, { ...period, scope: { kind: 'none' } })).toEqual([]);
  });
});
