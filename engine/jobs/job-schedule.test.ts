import { createManualClock, inTransaction } from '../index.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { listJobs } from './job-list.js';
import { cancelJobs, scheduleJob } from './job-schedule.js';

const T0 = new Date('2026-03-02T08:00:00.000Z');

forEachDatabase('scheduling jobs', (database) => {
  const clock = createManualClock(T0);

  it('leaves no job behind when the transaction that scheduled it rolls back', async () => {
    const { db } = database();
    const failure = inTransaction(db, async (trx) => {
      await scheduleJob(trx, clock, { type: 'process.timer', dueAt: T0 });
      throw new Error('the business write failed');
    });
    await expect(failure).rejects.toMatchObject({ message: 'the business write failed' });
    expect(await listJobs(db.knex)).toEqual([]);
  });

  it('stores what was scheduled, payload and all, once committed', async () => {
    const { db } = database();
    const id = await inTransaction(db, (trx) =>
      scheduleJob(trx, clock, { type: 'sla.threshold', dueAt: new Date('2026-03-03T10:00:00Z'), payload: { percent: 75, clockId: 'c1' }, instanceId: 'instance-1', maxAttempts: 5 }),
    );
    expect(await listJobs(db.knex)).toEqual([
      expect.objectContaining({ id, type: 'sla.threshold', status: 'pending', dueAt: new Date('2026-03-03T10:00:00Z'), payload: { percent: 75, clockId: 'c1' }, instanceId: 'instance-1', dedupeKey: null, attempts: 0, maxAttempts: 5, lastError: null, createdAt: T0 }),
    ]);
  });

  it('makes scheduling a dedupe key that exists a no-op returning null', async () => {
    const { db } = database();
    const schedule = (dueAt: Date) => inTransaction(db, (trx) => scheduleJob(trx, clock, { type: 'sla.threshold', dueAt, dedupeKey: 'sla:c1:75' }));
    const first = await schedule(T0);
    const again = await schedule(new Date('2027-01-01T00:00:00Z'));
    expect(first).toEqual(expect.any(String));
    expect(again).toBeNull();
    expect((await listJobs(db.knex)).map((j) => [j.id, j.dueAt])).toEqual([[first, T0]]);
  });

  it('keeps one job for a key scheduled twice in the same transaction', async () => {
    const { db } = database();
    const ids = await inTransaction(db, async (trx) => [
      await scheduleJob(trx, clock, { type: 'outbox.send', dueAt: T0, dedupeKey: 'mail:1' }),
      await scheduleJob(trx, clock, { type: 'outbox.send', dueAt: T0, dedupeKey: 'mail:1' }),
      await scheduleJob(trx, clock, { type: 'outbox.send', dueAt: T0, dedupeKey: 'mail:2' }),
    ]);
    expect(ids[1]).toBeNull();
    expect((await listJobs(db.knex)).map((j) => j.id)).toEqual([ids[0], ids[2]]);
  });

  it("cancels an instance's jobs, or only the listed types or keys, and no one else's", async () => {
    const { db } = database();
    await inTransaction(db, async (trx) => {
      await scheduleJob(trx, clock, { type: 'process.timer', dueAt: T0, instanceId: 'a', dedupeKey: 'a:timer' });
      await scheduleJob(trx, clock, { type: 'sla.threshold', dueAt: T0, instanceId: 'a', dedupeKey: 'a:sla:50' });
      await scheduleJob(trx, clock, { type: 'sla.threshold', dueAt: T0, instanceId: 'a', dedupeKey: 'a:sla:75' });
      await scheduleJob(trx, clock, { type: 'process.timer', dueAt: T0, instanceId: 'b' });
    });
    expect(await inTransaction(db, (trx) => cancelJobs(trx, { instanceId: 'a', dedupeKeys: ['a:sla:50'] }))).toBe(1);
    expect(await inTransaction(db, (trx) => cancelJobs(trx, { instanceId: 'a', types: ['sla.threshold'] }))).toBe(1);
    expect((await listJobs(db.knex)).map((j) => j.dedupeKey ?? j.instanceId)).toEqual(['a:timer', 'b']);
    expect(await inTransaction(db, (trx) => cancelJobs(trx, { instanceId: 'a' }))).toBe(1);
    expect((await listJobs(db.knex)).map((j) => j.instanceId)).toEqual(['b']);
  });
});
