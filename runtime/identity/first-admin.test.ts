import { createManualClock, readAudit } from '../../engine/index.js';
import { everythingStored } from '../../test/api-app.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { refusal } from '../../test/refusal.js';
import { ensureFirstAdmin } from './first-admin.js';
import { createLoginService } from './login.js';

forEachDatabase('the first administrator', (database) => {
  const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));
  const logIn = (login: string, password: string) => createLoginService({ db: database().db, clock }).logIn({ login, password });

  it('is made on the first start with the password from FLOWDESK_ADMIN_PASSWORD, and logs in with it', async () => {
    const announced: string[] = [];
    const password = 'the operator chose this';

    const outcome = await ensureFirstAdmin({ db: database().db, clock, password, announce: (m) => announced.push(m) });

    expect(outcome).toBe('created-with-given-password');
    expect(announced).toEqual([]);
    const { caller } = await logIn('admin', password);
    expect(caller).toEqual(expect.objectContaining({ login: 'admin', roles: ['admin'], isAdmin: true, personId: null }));
    expect(await everythingStored(database().db)).not.toContain(password);
    const [audit] = await readAudit(database().db.knex, 'user', caller.userId);
    expect(audit).toEqual(expect.objectContaining({ actor: 'system', action: 'user.create', details: { after: { login: 'admin', kind: 'local', roles: ['admin'] }, password: 'FLOWDESK_ADMIN_PASSWORD' } }));
  });

  it('gets a generated password, announced exactly once and stored only as its hash; later starts make nothing', async () => {
    const announced: string[] = [];
    const announce = (message: string) => announced.push(message);

    expect(await ensureFirstAdmin({ db: database().db, clock, announce })).toBe('created-with-generated-password');
    expect(await ensureFirstAdmin({ db: database().db, clock, announce })).toBe('exists');
    expect(await ensureFirstAdmin({ db: database().db, clock, password: 'set later, ignored', announce })).toBe('exists');

    expect(announced).toHaveLength(1);
    const generated = /with the password (\S+)/.exec(announced[0]!)![1]!;
    expect(generated.length).toBeGreaterThanOrEqual(24);
    expect(await everythingStored(database().db)).not.toContain(generated);
    expect((await logIn('admin', generated)).caller.isAdmin).toBe(true);
    expect(await database().db.knex('users').count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('makes one administrator when several nodes start at once', async () => {
    const announced: string[] = [];
    const outcomes = await Promise.all([1, 2, 3].map(() => ensureFirstAdmin({ db: database().db, clock, announce: (m) => announced.push(m) })));

    expect(outcomes.filter((o) => o === 'created-with-generated-password')).toHaveLength(1);
    expect(announced).toHaveLength(1);
    expect(await database().db.knex('user_roles').where({ role_id: 'admin' }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('refuses a FLOWDESK_ADMIN_PASSWORD shorter than 12 characters with CONFIG_INVALID, making nothing', async () => {
    const error = await refusal(ensureFirstAdmin({ db: database().db, clock, password: 'short', announce: () => undefined }));

    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('FLOWDESK_ADMIN_PASSWORD');
    expect(await database().db.knex('users').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});
