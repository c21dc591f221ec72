import { createManualClock, openDatabase, parseDatabaseUrl, readAudit, type Database } from '../../engine/index.js';
import { apiClient, everythingStored, identitySetup, identityTableCounts, seedUser, startApiTestApp, type ApiTestApp, type IdentitySetupOptions } from '../../test/api-app.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { DEFAULT_CREDENTIAL_CACHE, DEFAULT_LOCKOUT_POLICY, DEFAULT_SESSION_POLICY } from '../identity/index.js';
import { createLoginAttemptLimiter } from './auth.routes.js';

const MINUTE = 60_000;

forEachDatabase('the auth API', (database) => {
  const apps: ApiTestApp[] = [];
  const extraDatabases: Database[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const db of extraDatabases.splice(0)) await db.close();
  });

  const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));
  beforeEach(() => clock.set(new Date('2026-03-02T09:00:00.000Z')));

  /** One node: an app over its own connection to the test database when `ownConnection`. */
  const startNode = async (options: IdentitySetupOptions & { ownConnection?: boolean } = {}) => {
    let db = database().db;
    if (options.ownConnection) {
      db = openDatabase(parseDatabaseUrl(database().url));
      extraDatabases.push(db);
    }
    const setup = identitySetup(db, clock, options);
    const app = await startApiTestApp(setup);
    apps.push(app);
    return app;
  };

  it('logs a local user in: an HttpOnly SameSite=Lax session cookie, the caller and a CSRF token, no secret in the answer', async () => {
    const ann = await seedUser(database().db, { login: 'ann', roles: ['agent'] });
    const app = await startNode();
    const client = apiClient(app.url);

    const answer = await client.login('Ann', ann.password);

    expect(answer.status).toBe(200);
    const cookie = answer.headers.getSetCookie().find((c) => c.startsWith('flowdesk_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Secure/);
    expect(answer.body).toEqual({
      user: expect.objectContaining({ userId: ann.id, login: 'ann', roles: ['agent'], isAdmin: false, authenticatedBy: 'session' }),
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/argon2|password/i);
    const me = await client.get('/auth/me');
    expect(me.body).toEqual({ user: expect.objectContaining({ userId: ann.id }), csrfToken: answer.body.csrfToken });
    // The database holds the digest of the cookie's secret, never the secret itself.
    expect(await everythingStored(database().db)).not.toContain(client.sessionSecret!);
    expect((await readAudit(database().db.knex, 'user', ann.id)).map((a) => a.action)).toEqual(['auth.login']);
  });

  it('answers a wrong password and an unknown login the same LOGIN_FAILED', async () => {
    await seedUser(database().db, { login: 'ann' });
    const app = await startNode();

    const wrong = await apiClient(app.url).login('ann', 'not the password at all');
    const unknown = await apiClient(app.url).login('nobody', 'not the password at all');

    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
    expect(wrong.body.error.code).toBe('LOGIN_FAILED');
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('refuses a disabled account with LOGIN_FAILED, and its API tokens with UNAUTHENTICATED', async () => {
    const ann = await seedUser(database().db, { login: 'ann' });
    const app = await startNode();
    const client = apiClient(app.url);
    await client.login('ann', ann.password);
    const { body } = await client.post('/auth/tokens', { name: 'ci', scopes: ['read'] });
    await database().db.knex('users').where({ id: ann.id }).update({ status: 'disabled' });

    expect((await apiClient(app.url).login('ann', ann.password)).body.error.code).toBe('LOGIN_FAILED');
    expect((await client.get('/auth/me')).status).toBe(401);
    expect((await apiClient(app.url, { token: body.secret }).get('/auth/me')).body.error.code).toBe('UNAUTHENTICATED');
  });

  it('locks an account after 5 failures in a row, until the lock runs out on the clock', async () => {
    const ann = await seedUser(database().db, { login: 'ann' });
    const app = await startNode();
    const attempt = (password: string) => apiClient(app.url).login('ann', password);

    const codes: string[] = [];
    for (let i = 0; i < DEFAULT_LOCKOUT_POLICY.maxFailures; i += 1) codes.push((await attempt('wrong password here')).body.error.code);
    expect(codes).toEqual(['LOGIN_FAILED', 'LOGIN_FAILED', 'LOGIN_FAILED', 'LOGIN_FAILED', 'ACCOUNT_LOCKED']);
    const whileLocked = await attempt(ann.password);
    expect(whileLocked.status).toBe(423);
    expect(whileLocked.body.error.code).toBe('ACCOUNT_LOCKED');

    clock.advance(DEFAULT_LOCKOUT_POLICY.lockMs - MINUTE);
    expect((await attempt(ann.password)).body.error.code).toBe('ACCOUNT_LOCKED');
    clock.advance(MINUTE + 1);
    expect((await attempt(ann.password)).status).toBe(200);
    const failures = (await readAudit(database().db.knex, 'user', ann.id)).filter((a) => a.action === 'auth.login-failed');
    expect(failures).toHaveLength(5);
    expect(failures[4]!.details).toEqual({ reason: 'login', failures: 5, lockedUntil: '2026-03-02T09:15:00.000Z' });
  });

  it('starts the failure count again after a successful login', async () => {
    const ann = await seedUser(database().db, { login: 'ann' });
    const app = await startNode();
    const attempt = (password: string) => apiClient(app.url).login('ann', password);

    for (let i = 0; i < 4; i += 1) await attempt('wrong password here');
    expect((await attempt(ann.password)).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await attempt('wrong password here')).body.error.code).toBe('LOGIN_FAILED');
    expect((await attempt(ann.password)).status).toBe(200);
  });

  it('limits failed logins per client and login with RATE_LIMITED and Retry-After; other logins and successes are not counted', async () => {
    const ann = await seedUser(database().db, { login: 'ann' });
    const app = await startNode({ loginLimiter: createLoginAttemptLimiter({ limit: 3, windowMs: MINUTE }) });

    for (let i = 0; i < 3; i += 1) expect((await apiClient(app.url).login('ghost', 'wrong password here')).status).toBe(401);
    const limited = await apiClient(app.url).login('ghost', 'wrong password here');

    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 5; i += 1) expect((await apiClient(app.url).login('ann', ann.password)).status).toBe(200);
  });

  it('serves a session from any node on the same database, and a logout there ends it at once there and within a second everywhere', async () => {
    const ann = await seedUser(database().db, { login: 'ann' });
    const first = await startNode();
    const second = await startNode({ ownConnection: true });
    const onFirst = apiClient(first.url);
    await onFirst.login('ann', ann.password);
    const onSecond = apiClient(second.url, { sessionSecret: onFirst.sessionSecret!, csrfToken: onFirst.csrfToken! });

    expect((await onFirst.get('/auth/me')).body.user.userId).toBe(ann.id);
    expect((await onSecond.get('/auth/me')).body.user.userId).toBe(ann.id);
    const logout = await onSecond.post('/auth/logout');

    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie()[0]).toMatch(/^flowdesk_session=;/);
    expect((await apiClient(second.url, { sessionSecret: onFirst.sessionSecret! }).get('/auth/me')).body.error.code).toBe('UNAUTHENTICATED');
    // The first node may trust what it resolved a moment ago for up to the credential cache's second.
    clock.advance(DEFAULT_CREDENTIAL_CACHE.ttlMs);
    expect((await onFirst.get('/auth/me')).body.error.code).toBe('UNAUTHENTICATED');
    expect(await database().db.knex('sessions').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect((await readAudit(database().db.knex, 'user', ann.id)).map((a) => a.action)).toEqual(['auth.login', 'auth.logout']);
  });

  it('slides a session forward while it is used, ends it after the idle time, and at the absolute limit whatever the use', async () => {
    const ann = await seedUser(database().db, { login: 'ann' });
    const sessions = { idleMs: 30 * MINUTE, absoluteMs: 120 * MINUTE, secureCookie: true };
    const app = await startNode({ sessions });
    const client = apiClient(app.url);
    const login = await client.login('ann', ann.password);
    expect(login.headers.getSetCookie()[0]).toMatch(/; Secure/);

    for (let used = 0; used < 3; used += 1) {
      clock.advance(29 * MINUTE);
      expect((await client.get('/auth/me')).status).toBe(200);
    }
    clock.advance(31 * MINUTE);
    expect((await client.get('/auth/me')).status).toBe(401);

    const again = apiClient(app.url);
    await again.login('ann', ann.password);
    for (let used = 0; used < 4; used += 1) {
      clock.advance(29 * MINUTE);
      expect((await again.get('/auth/me')).status).toBe(200);
    }
    clock.advance(5 * MINUTE); // 121 minutes after login, used 5 minutes ago
    expect((await again.get('/auth/me')).body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a state-changing request with the session cookie but no or a wrong X-CSRF-Token, writing nothing', async () => {
    const ann = await seedUser(database().db, { login: 'ann' });
    const app = await startNode();
    const client = apiClient(app.url);
    await client.login('ann', ann.password);
    const before = await identityTableCounts(database().db);

    const missing = await client.post('/auth/tokens', { name: 'ci', scopes: ['read'] }, { csrf: false });
    const wrong = await client.post('/auth/tokens', { name: 'ci', scopes: ['read'] }, { csrf: false, headers: { 'x-csrf-token': 'A'.repeat(43) } });
    const logout = await client.post('/auth/logout', undefined, { csrf: false });

    for (const answer of [missing, wrong, logout]) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('CSRF_INVALID');
    }
    expect(await identityTableCounts(database().db)).toEqual(before);
    expect((await client.get('/auth/me', { csrf: false })).status).toBe(200);
  });

  it('makes an API token whose secret is shown once, works as a Bearer token with its scopes, and stops when revoked', async () => {
    const ann = await seedUser(database().db, { login: 'ann', roles: ['agent'] });
    const app = await startNode();
    const client = apiClient(app.url);
    await client.login('ann', ann.password);

    const made = await client.post('/auth/tokens', { name: 'monitoring', scopes: ['read', 'comment'] });
    expect(made.status).toBe(201);
    expect(made.body.secret).toMatch(/^fdt_[A-Za-z0-9_-]{43}$/);
    expect(made.body.token).toEqual({ id: expect.any(String), userId: ann.id, name: 'monitoring', scopes: ['comment', 'read'], createdAt: '2026-03-02T09:00:00.000Z', expiresAt: null, revokedAt: null, lastUsedAt: null });

    const bearer = apiClient(app.url, { token: made.body.secret });
    const me = await bearer.get('/auth/me');
    expect(me.body).toEqual({ user: expect.objectContaining({ userId: ann.id, authenticatedBy: 'token', scopes: ['comment', 'read'] }), csrfToken: null });
    // A token cannot mint more tokens or touch the password, and needs no CSRF token for what it may do.
    expect((await bearer.post('/auth/tokens', { name: 'more', scopes: ['*'] })).body.error.code).toBe('FORBIDDEN');
    expect((await bearer.put('/auth/password', { currentPassword: ann.password, newPassword: 'a brand new password' })).body.error.code).toBe('FORBIDDEN');

    const listed = await client.get('/auth/tokens');
    expect(listed.body.tokens).toEqual([expect.objectContaining({ id: made.body.token.id, lastUsedAt: '2026-03-02T09:00:00.000Z' })]);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.secret);
    expect((await client.delete(`/auth/tokens/${made.body.token.id}`)).status).toBe(204);
    const afterRevoke = await bearer.get('/auth/me');
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.error.code).toBe('UNAUTHENTICATED');
    expect((await readAudit(database().db.knex, 'api-token', made.body.token.id)).map((a) => a.action)).toEqual(['api-token.create', 'api-token.revoke']);
  });

  it('ends an API token at its expiry on the clock, and refuses an expiry in the past or an unknown scope', async () => {
    const ann = await seedUser(database().db, { login: 'ann' });
    const app = await startNode();
    const client = apiClient(app.url);
    await client.login('ann', ann.password);
    const before = await identityTableCounts(database().db);

    const past = await client.post('/auth/tokens', { name: 'old', scopes: ['read'], expiresAt: '2026-03-01T00:00:00Z' });
    const unknownScope = await client.post('/auth/tokens', { name: 'odd', scopes: ['sudo'] });
    expect([past.status, past.body.error.code]).toEqual([400, 'INPUT_INVALID']);
    expect([unknownScope.status, unknownScope.body.error.code]).toEqual([400, 'INPUT_INVALID']);
    expect(await identityTableCounts(database().db)).toEqual(before);

    const made = await client.post('/auth/tokens', { name: 'day', scopes: ['*'], expiresAt: '2026-03-03T09:00:00Z' });
    const bearer = apiClient(app.url, { token: made.body.secret });
    clock.advance(24 * 60 * MINUTE - 1);
    expect((await bearer.get('/auth/me')).status).toBe(200);
    clock.advance(1);
    expect((await bearer.get('/auth/me')).status).toBe(401);
  });

  it("lets a user revoke only their own tokens, and an administrator list and revoke everyone's", async () => {
    const ann = await seedUser(database().db, { login: 'ann' });
    const bob = await seedUser(database().db, { login: 'bob' });
    const root = await seedUser(database().db, { login: 'root', roles: ['admin'] });
    const app = await startNode();
    const [annClient, bobClient, rootClient] = [apiClient(app.url), apiClient(app.url), apiClient(app.url)];
    await annClient.login('ann', ann.password);
    await bobClient.login('bob', bob.password);
    await rootClient.login('root', root.password);
    const annToken = (await annClient.post('/auth/tokens', { name: 'ann-ci', scopes: ['read'] })).body.token;
    await bobClient.post('/auth/tokens', { name: 'bob-ci', scopes: ['read'] });

    expect((await bobClient.delete(`/auth/tokens/${annToken.id}`)).body.error.code).toBe('NOT_FOUND');
    expect((await bobClient.get('/auth/tokens')).body.tokens.map((t: { name: string }) => t.name)).toEqual(['bob-ci']);
    expect((await bobClient.get('/auth/tokens?all=true')).body.error.code).toBe('FORBIDDEN');
    expect((await rootClient.get('/auth/tokens?all=true')).body.tokens.map((t: { name: string }) => t.name).sort()).toEqual(['ann-ci', 'bob-ci']);
    expect((await rootClient.delete(`/auth/tokens/${annToken.id}`)).status).toBe(204);
    expect((await annClient.get('/auth/tokens')).body.tokens[0].revokedAt).toBe('2026-03-02T09:00:00.000Z');
  });

  it('refuses a malformed Authorization header instead of falling back to the cookie', async () => {
    const ann = await seedUser(database().db, { login: 'ann' });
    const app = await startNode();
    const client = apiClient(app.url);
    await client.login('ann', ann.password);

    for (const authorization of ['Basic YW5uOnB3', 'Bearer', 'Bearer fdt_unknown', `Bearer ${client.sessionSecret}`]) {
      const answer = await client.get('/auth/me', { headers: { authorization } });
      expect([authorization, answer.status, answer.body.error.code]).toEqual([authorization, 401, 'UNAUTHENTICATED']);
    }
  });

  it('changes the own password only with the current one: a wrong one counts as a failure, the change ends other sessions and is audited without either password', async () => {
    const ann = await seedUser(database().db, { login: 'ann' });
    const app = await startNode();
    const here = apiClient(app.url);
    const elsewhere = apiClient(app.url);
    await here.login('ann', ann.password);
    await elsewhere.login('ann', ann.password);
    const newPassword = 'correct horse battery staple';

    const wrong = await here.put('/auth/password', { currentPassword: 'not my password', newPassword });
    expect([wrong.status, wrong.body.error.code]).toEqual([403, 'CURRENT_PASSWORD_INVALID']);
    expect((await database().db.knex('users').where({ id: ann.id }).first('failed_logins')).failed_logins).toBe(1);
    const tooShort = await here.put('/auth/password', { currentPassword: ann.password, newPassword: 'short' });
    expect(tooShort.body.error.code).toBe('INPUT_INVALID');

    expect((await here.put('/auth/password', { currentPassword: ann.password, newPassword })).status).toBe(204);

    expect((await here.get('/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/auth/me')).status).toBe(401);
    expect((await apiClient(app.url).login('ann', ann.password)).body.error.code).toBe('LOGIN_FAILED');
    expect((await apiClient(app.url).login('ann', newPassword)).status).toBe(200);
    const audit = await readAudit(database().db.knex, 'user', ann.id);
    expect(audit.find((a) => a.action === 'user.password-change')!.details).toEqual({ sessionsEnded: 1 });
    const stored = await everythingStored(database().db);
    expect(stored).not.toContain(newPassword);
    expect(stored).not.toContain(ann.password);
  });

  it('never puts a password, session secret, CSRF token or token secret into any other answer, or into the audit', async () => {
    const root = await seedUser(database().db, { login: 'root', roles: ['admin'] });
    const app = await startNode();
    const client = apiClient(app.url);
    const login = await client.login('root', root.password);
    const token = await client.post('/auth/tokens', { name: 'ci', scopes: ['*'] });
    const answers = [
      await client.get('/auth/tokens?all=true'),
      await client.get('/users'),
      await client.post('/users', { login: 'newbie', password: 'newbie password 123' }),
      await client.put(`/users/${root.id}/password`, { password: 'another root password' }),
      await apiClient(app.url, { token: token.body.secret }).get('/users'),
      await apiClient(app.url, { token: token.body.secret }).get('/auth/me'),
    ];
    const secrets = [root.password, 'newbie password 123', 'another root password', client.sessionSecret!, token.body.secret, login.body.csrfToken];

    const answered = JSON.stringify(answers.map((a) => a.body));
    const audited = JSON.stringify(await database().db.knex('audit_log').select());
    for (const secret of secrets) {
      expect(answered).not.toContain(secret);
      expect(audited).not.toContain(secret);
    }
    expect(answered).not.toMatch(/argon2|password_hash|passwordHash|token_hash|tokenHash/);
    expect(audited).not.toMatch(/argon2|token_hash|tokenHash/);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 201, 204, 200, 200]);
  });

  it('uses the default policies when none are given', () => {
    expect(DEFAULT_SESSION_POLICY).toEqual({ idleMs: 8 * 60 * MINUTE, absoluteMs: 7 * 24 * 60 * MINUTE, secureCookie: false });
    expect(DEFAULT_LOCKOUT_POLICY).toEqual({ maxFailures: 5, lockMs: 15 * MINUTE });
  });
});
