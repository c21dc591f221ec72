import { createManualClock, readAudit } from '../../engine/index.js';
import { apiClient, identitySetup, seedUser, startApiTestApp, type ApiTestApp } from '../../test/api-app.js';
import { forEachDatabase } from '../../test/for-each-database.js';
import { LDAP_USERS, startLdapServer, type LdapTestServer } from '../../test/ldap-server.js';
import { refusal, thrown } from '../../test/refusal.js';
import { readLdapConfig, type LdapConfig } from './ldap-config.js';
import { createLdapDirectory } from './ldap-directory.js';
import { createDirectorySync } from './ldap-sync.js';
import { createLoginService } from './login.js';

let ldap: LdapTestServer;
beforeAll(async () => {
  ldap = await startLdapServer();
});
afterAll(async () => {
  await ldap?.stop();
});

const { alice, bob, carol } = LDAP_USERS;

forEachDatabase('LDAP', (database) => {
  const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));
  let app: ApiTestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** The organization directory persons go to, and the LDAP parts over the test server. */
  const setUp = async (overrides: Record<string, string> = {}) => {
    const at = clock.now().toISOString();
    await database().db.knex('organizations').insert({ id: 'org-staff', parent_id: null, path: '/org-staff/', code: 'STAFF', name: 'Staff', status: 'active', created_at: at, updated_at: at });
    const config = readLdapConfig(ldap.env('STAFF', overrides))!;
    const directory = createLdapDirectory(config);
    const sync = createDirectorySync({ db: database().db, clock, config, directory });
    return { config, directory, sync, login: createLoginService({ db: database().db, clock, ldap: { directory, sync } }) };
  };
  const accounts = async () =>
    Object.fromEntries(
      await Promise.all(
        ((await database().db.knex('users').orderBy('login')) as Array<{ id: string; login: string; kind: string; status: string; ldap_dn: string; person_id: string }>).map(async (u) => [
          u.login,
          {
            kind: u.kind,
            status: u.status,
            dn: u.ldap_dn,
            roles: ((await database().db.knex('user_roles').where({ user_id: u.id }).pluck('role_id')) as string[]).sort(),
            person: (await database().db.knex('persons').where({ id: u.person_id }).first('name', 'email', 'organization_id')) as unknown,
          },
        ]),
      ),
    );
  const teams = async () => {
    const rows = (await database().db.knex('teams').join('team_members', 'team_members.team_id', 'teams.id').join('persons', 'persons.id', 'team_members.person_id').select('teams.name as team', 'persons.email as email')) as Array<{ team: string; email: string }>;
    const byTeam: Record<string, string[]> = {};
    for (const { team, email } of rows) (byTeam[team] ??= []).push(email);
    for (const members of Object.values(byTeam)) members.sort();
    return byTeam;
  };

  it('mirrors the directory: persons and LDAP accounts, roles from mapped groups, the other groups as teams (memberUid too)', async () => {
    const { sync } = await setUp();

    const report = await sync.syncAll();

    expect(report).toEqual({ usersCreated: 3, usersUpdated: 0, usersDisabled: 0, teamsCreated: 2, skippedLocalLogins: [], keptLastAdmins: [] });
    expect(await accounts()).toEqual({
      alice: { kind: 'ldap', status: 'active', dn: alice.dn, roles: ['admin', 'agent'], person: { name: 'Alice Martin', email: alice.email, organization_id: 'org-staff' } },
      bob: { kind: 'ldap', status: 'active', dn: bob.dn, roles: ['agent'], person: { name: '李波', email: bob.email, organization_id: 'org-staff' } },
      carol: { kind: 'ldap', status: 'active', dn: carol.dn, roles: [], person: { name: 'Carol Dubois', email: carol.email, organization_id: 'org-staff' } },
    });
    expect(await teams()).toEqual({ 'service-desk': [alice.email, bob.email], network: [carol.email] });
    expect(await database().db.knex('users').whereNotNull('password_hash').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('changes nothing when the directory has not changed, and follows it when it has (and disables accounts gone from it)', async () => {
    const { sync } = await setUp();
    await sync.syncAll();
    const auditRows = await database().db.knex('audit_log').count({ n: '*' });

    expect(await sync.syncAll()).toEqual({ usersCreated: 0, usersUpdated: 0, usersDisabled: 0, teamsCreated: 0, skippedLocalLogins: [], keptLastAdmins: [] });
    expect(await database().db.knex('audit_log').count({ n: '*' })).toEqual(auditRows);

    await ldap.apply(`dn: cn=service-desk,ou=groups,${ldap.suffix}\nchangetype: modify\ndelete: member\nmember: ${bob.dn}\n\ndn: cn=flowdesk-admins,ou=groups,${ldap.suffix}\nchangetype: modify\nadd: member\nmember: ${bob.dn}\n\ndn: ${carol.dn}\nchangetype: delete\n`);
    try {
      const report = await sync.syncAll();

      expect(report).toEqual(expect.objectContaining({ usersDisabled: 1 }));
      const now = await accounts();
      expect(now['bob']!.roles).toEqual(['admin', 'agent']);
      expect(now['carol']!.status).toBe('disabled');
      expect(await teams()).toEqual({ 'service-desk': [alice.email], network: [carol.email] });
      const bobId = (await database().db.knex('users').where({ login: 'bob' }).first('id')).id as string;
      expect((await readAudit(database().db.knex, 'user', bobId)).at(-1)).toEqual(expect.objectContaining({ actor: 'ldap-sync', action: 'user.roles', details: { before: { roles: ['agent'] }, after: { roles: ['admin', 'agent'] } } }));
    } finally {
      await ldap.apply(
        `dn: cn=service-desk,ou=groups,${ldap.suffix}\nchangetype: modify\nadd: member\nmember: ${bob.dn}\n\ndn: cn=flowdesk-admins,ou=groups,${ldap.suffix}\nchangetype: modify\ndelete: member\nmember: ${bob.dn}\n\n` +
          `dn: ${carol.dn}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: carol\ncn: carol\nsn: Dubois\ndisplayName: Carol Dubois\nmail: ${carol.email}\ntelephoneNumber: +33 4 56 78 90 12\nuserPassword: ${carol.password}\n`,
      );
    }
  });

  it('logs a directory user in with the directory password, making the account on first login', async () => {
    const { login } = await setUp();

    const { caller } = await login.logIn({ login: 'Alice', password: alice.password });

    expect(caller).toEqual(expect.objectContaining({ login: 'alice', roles: ['admin', 'agent'], isAdmin: true, organizationId: 'org-staff' }));
    expect(caller.teamIds).toHaveLength(1);
    expect((await accounts())['alice']).toEqual(expect.objectContaining({ kind: 'ldap', dn: alice.dn }));
    expect((await login.logIn({ login: 'alice', password: alice.password })).caller.userId).toBe(caller.userId);
  });

  it('refuses a wrong, empty or filter-breaking password or login with LOGIN_FAILED, counting failures of known accounts toward the lock', async () => {
    const { login, sync } = await setUp();
    await sync.syncAll();

    for (const attempt of [
      { login: 'alice', password: 'not her password' },
      { login: 'alice', password: '' },
      { login: '*', password: alice.password },
      { login: 'alice)(uid=*', password: alice.password },
      { login: 'nobody', password: 'whatever it is' },
    ]) {
      expect([attempt, (await refusal(login.logIn(attempt))).code]).toEqual([attempt, 'LOGIN_FAILED']);
    }
    expect((await database().db.knex('users').where({ login: 'alice' }).first('failed_logins')).failed_logins).toBe(2);
    for (let i = 0; i < 3; i += 1) await refusal(login.logIn({ login: 'alice', password: 'still not it' }));
    expect((await refusal(login.logIn({ login: 'alice', password: alice.password }))).code).toBe('ACCOUNT_LOCKED');
  });

  it('leaves a local account alone when the directory has the same login: it logs in with its own password only', async () => {
    const local = await seedUser(database().db, { login: 'bob', password: 'bob local password' });
    const { login, sync } = await setUp();

    expect((await sync.syncAll()).skippedLocalLogins).toEqual(['bob']);
    expect((await login.logIn({ login: 'bob', password: 'bob local password' })).caller.userId).toBe(local.id);
    expect((await refusal(login.logIn({ login: 'bob', password: bob.password }))).code).toBe('LOGIN_FAILED');
  });

  it('answers DIRECTORY_UNAVAILABLE when the directory is down or refuses the service account, while local accounts still log in', async () => {
    const root = await seedUser(database().db, { login: 'root', roles: ['admin'] });
    const down = await setUp({ FLOWDESK_LDAP_URL: 'ldap://127.0.0.1:1', FLOWDESK_LDAP_TIMEOUT_MS: '1000' });
    const badBind = readLdapConfig(ldap.env('STAFF', { FLOWDESK_LDAP_BIND_PASSWORD: 'wrong' }))!;

    expect((await refusal(down.login.logIn({ login: 'alice', password: alice.password }))).code).toBe('DIRECTORY_UNAVAILABLE');
    expect((await refusal(createLdapDirectory(badBind).listUsers())).code).toBe('DIRECTORY_UNAVAILABLE');
    expect((await refusal(down.sync.syncAll())).code).toBe('DIRECTORY_UNAVAILABLE');
    expect((await down.login.logIn({ login: 'root', password: root.password })).caller.isAdmin).toBe(true);
  });

  it('logs in through the API, runs the sync from the administrators’ endpoint, and refuses role edits on directory accounts', async () => {
    const { directory, sync } = await setUp();
    app = await startApiTestApp(identitySetup(database().db, clock, { ldap: { directory, sync, managesRoles: true } }));
    const client = apiClient(app.url);

    expect((await client.login('alice', alice.password)).body.user).toEqual(expect.objectContaining({ login: 'alice', isAdmin: true }));
    const synced = await client.post('/directory/sync');
    expect(synced.body).toEqual(expect.objectContaining({ usersCreated: 2, teamsCreated: 1 }));
    const bobId = (await client.get('/users')).body.users.find((u: { login: string }) => u.login === 'bob').id;
    expect((await client.put(`/users/${bobId}/roles`, { roles: ['admin'] })).body.error.code).toBe('FORBIDDEN');
    expect((await client.put(`/users/${bobId}/password`, { password: 'a local password now' })).body.error.code).toBe('FORBIDDEN');
    expect((await readAudit(database().db.knex, 'user', bobId))[0]!.actor).toBe((await client.get('/auth/me')).body.user.userId);
  });
});

describe('LDAP settings', () => {
  const base = { FLOWDESK_LDAP_URL: 'ldap://ldap.example.com', FLOWDESK_LDAP_BIND_DN: 'cn=reader', FLOWDESK_LDAP_BIND_PASSWORD: 'x', FLOWDESK_LDAP_BASE_DN: 'dc=example', FLOWDESK_LDAP_ORGANIZATION: 'STAFF' };

  it('are off without FLOWDESK_LDAP_URL, and read with defaults otherwise', () => {
    expect(readLdapConfig({})).toBeNull();
    const config = readLdapConfig({ ...base, FLOWDESK_LDAP_GROUP_ROLES: '{"CN=Admins, OU=Groups": "admin", "agents": ["agent", "customer"]}' }) as LdapConfig;
    expect(config).toEqual(expect.objectContaining({ userFilter: '(&(objectClass=inetOrgPerson)(uid={login}))', loginAttribute: 'uid', groupBase: null, timeoutMs: 10_000 }));
    expect([...config.groupRoles]).toEqual([
      ['cn=admins,ou=groups', ['admin']],
      ['agents', ['agent', 'customer']],
    ]);
  });

  it.each([
    [{ FLOWDESK_LDAP_URL: 'http://ldap.example.com' }, 'FLOWDESK_LDAP_URL'],
    [{ FLOWDESK_LDAP_BIND_DN: '' }, 'FLOWDESK_LDAP_BIND_DN'],
    [{ FLOWDESK_LDAP_ORGANIZATION: '' }, 'FLOWDESK_LDAP_ORGANIZATION'],
    [{ FLOWDESK_LDAP_USER_FILTER: '(uid=fixed)' }, 'FLOWDESK_LDAP_USER_FILTER'],
    [{ FLOWDESK_LDAP_GROUP_ROLES: '{not json' }, 'FLOWDESK_LDAP_GROUP_ROLES'],
    [{ FLOWDESK_LDAP_GROUP_ROLES: '{"admins": "Not A Role!"}' }, 'FLOWDESK_LDAP_GROUP_ROLES'],
    [{ FLOWDESK_LDAP_TIMEOUT_MS: '5s' }, 'FLOWDESK_LDAP_TIMEOUT_MS'],
  ])('refuses %j with CONFIG_INVALID naming the variable', (override, name) => {
    const error = thrown(() => readLdapConfig({ ...base, ...override }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(name);
  });
});
