import { v7 as uuidv7 } from 'uuid';
import { createManualClock, readAudit } from '../../engine/index.js';
import { apiClient, identitySetup, seedUser, startApiTestApp, type ApiTestApp } from '../../test/api-app.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { notificationRoutes } from './notifications.routes.js';

forEachDatabase('the notifications API', (database) => {
  let app: ApiTestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));

  const start = async () => {
    const { db } = database();
    const ann = await seedUser(db, { login: 'ann' });
    const bob = await seedUser(db, { login: 'bob' });
    const setup = identitySetup(db, clock);
    app = await startApiTestApp({ ...setup, routes: [...setup.routes, ...notificationRoutes({ db, clock })] });
    const notify = async (userId: string, subject: string) => {
      const id = uuidv7();
      await db.knex('inbox_notifications').insert({ id, user_id: userId, record_id: null, rule_id: 'rule', subject, text: `${subject} text`, created_at: clock.now().toISOString(), read_at: null });
      return id;
    };
    const client = async (login: string, password: string) => {
      const c = apiClient(app!.url);
      await c.login(login, password);
      return c;
    };
    return { ann, bob, notify, asAnn: await client('ann', ann.password), asBob: await client('bob', bob.password) };
  };

  it("lists the caller's own notifications newest first with the unread count, and marks only the caller's read", async () => {
    const { ann, bob, notify, asAnn, asBob } = await start();
    const first = await notify(ann.id, 'INC first');
    const second = await notify(ann.id, 'INC second');
    const bobs = await notify(bob.id, 'for Bob only');

    const listed = await asAnn.get('/notifications');
    expect(listed.body).toMatchObject({ unread: 2, next: null, items: [{ id: second, subject: 'INC second', readAt: null }, { id: first }] });
    // Bob's id in Ann's request changes nothing; her own does.
    expect((await asAnn.post('/notifications/read', { ids: [bobs] })).body).toEqual({ marked: 0 });
    expect((await asAnn.post('/notifications/read', { ids: [first, bobs] })).body).toEqual({ marked: 1 });
    expect((await asAnn.get('/notifications?unread=true')).body).toMatchObject({ unread: 1, items: [{ id: second }] });
    expect((await asAnn.post('/notifications/read', { all: true })).body).toEqual({ marked: 1 });
    expect((await asBob.get('/notifications')).body).toMatchObject({ unread: 1, items: [{ id: bobs, readAt: null }] });
    expect((await readAudit(database().db.knex, 'user', ann.id)).filter((a) => a.action === 'notification.read').map((a) => a.details)).toEqual([{ count: 1 }, { count: 1, all: true }]);
  });

  it('pages by the last id seen, and refuses bad input and anonymous callers', async () => {
    const { ann, notify, asAnn } = await start();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await notify(ann.id, `n${i}`));
    const page = await asAnn.get('/notifications?limit=2');
    expect(page.body.items.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[1]]);
    expect((await asAnn.get(`/notifications?limit=2&before=${page.body.next}`)).body.items.map((n: { id: string }) => n.id)).toEqual([ids[0]]);
    expect((await asAnn.get('/notifications?before=1%27%20OR%201=1')).body.error.code).toBe('INPUT_INVALID');
    expect((await asAnn.post('/notifications/read', { ids: [] })).body.error.code).toBe('INPUT_INVALID');
    expect((await asAnn.post('/notifications/read', { all: false })).body.error.code).toBe('INPUT_INVALID');
    expect((await apiClient(app!.url).get('/notifications')).body.error.code).toBe('UNAUTHENTICATED');
  });
});
