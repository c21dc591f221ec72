/**
 * Mirrors the directory into Flowdesk: each directory user becomes (or updates) a person and an
 * LDAP account; groups mapped in FLOWDESK_LDAP_GROUP_ROLES give their members roles; every other
 * group under the group base is a team of the same name in the LDAP organization, with the
 * directory's members. The directory is the source: roles of directory accounts and members of
 * directory teams are replaced, and accounts gone from the directory are disabled. A local
 * account with the same login as a directory user is left alone and reported.
 */
import { v7 as uuidv7 } from 'uuid';
import { FlowdeskError, appendAudit, type Clock, type Database, type Transaction } from '../../engine/index.js';
import { normalizeDn, type LdapConfig } from './ldap-config.js';
import type { DirectoryGroup, DirectoryUser, LdapDirectory } from './ldap-directory.js';
import { changes, hasChanges, identityCommand } from './identity-command.js';
import { endSessionsOf } from './sessions.js';
import { DEFAULT_USER_DEFAULTS, insertUser, keepAnAdmin, type UserDefaults, type UserRow } from './user-store.js';

export const DIRECTORY_ACTOR = 'ldap-sync';

export interface DirectorySyncDeps {
  db: Database;
  clock: Clock;
  config: LdapConfig;
  directory: LdapDirectory;
  defaults?: UserDefaults;
}

export interface SyncReport {
  usersCreated: number;
  usersUpdated: number;
  usersDisabled: number;
  teamsCreated: number;
  /** Logins the directory has that belong to local accounts here (left alone). */
  skippedLocalLogins: string[];
  /** Directory accounts gone from the directory but kept because each is the last administrator. */
  keptLastAdmins: string[];
}

export interface DirectorySync {
  /** The whole directory, in one transaction; audited as the actor (the directory itself unless said). */
  syncAll(actor?: string): Promise<SyncReport>;
  /** One user who just proved their password: made on first login, brought up to date after. Returns the user id, or null for a local account's login. */
  syncUser(user: DirectoryUser): Promise<string | null>;
}

interface PersonRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
}

function emptyReport(): SyncReport {
  return { usersCreated: 0, usersUpdated: 0, usersDisabled: 0, teamsCreated: 0, skippedLocalLogins: [], keptLastAdmins: [] };
}

/** One sync's transaction and what it carries through: who started it, the groups, the report. */
interface SyncRun {
  trx: Transaction;
  actor: string;
  organizationId: string;
  groups: readonly DirectoryGroup[];
  report: SyncReport;
}

export function createDirectorySync({ db, clock, config, directory, defaults = DEFAULT_USER_DEFAULTS }: DirectorySyncDeps): DirectorySync {
  const audit = (run: SyncRun, action: string, targetType: string, targetId: string, details: Record<string, unknown>) =>
    appendAudit(run.trx, clock, { actor: run.actor, action, targetType, targetId, details });

  const rolesOfGroup = (group: DirectoryGroup) => config.groupRoles.get(normalizeDn(group.cn)) ?? config.groupRoles.get(normalizeDn(group.dn));
  const isMember = (group: DirectoryGroup, user: DirectoryUser) => group.memberDns.has(normalizeDn(user.dn)) || group.memberLogins.has(user.login);

  async function startRun(trx: Transaction, actor: string, groups: readonly DirectoryGroup[]): Promise<SyncRun> {
    const row = (await trx('organizations').where({ code: config.organization }).orWhere({ id: config.organization }).first('id')) as { id: string } | undefined;
    if (!row) throw new FlowdeskError('CONFIG_INVALID', `FLOWDESK_LDAP_ORGANIZATION names no organization (by code or id): "${config.organization}"`);
    return { trx, actor, organizationId: row.id, groups, report: emptyReport() };
  }

  async function upsertPerson(run: SyncRun, user: DirectoryUser, personId: string | null): Promise<string> {
    const { trx } = run;
    const fields = { name: user.name.slice(0, 200), email: user.email?.slice(0, 254) ?? null, phone: user.phone?.slice(0, 50) ?? null };
    const now = clock.now().toISOString();
    const existing = personId ? ((await trx('persons').where({ id: personId }).first('id', 'name', 'email', 'phone')) as PersonRow | undefined) : undefined;
    if (existing) {
      const diff = changes(existing, fields);
      if (hasChanges(diff)) {
        await trx('persons').where({ id: existing.id }).update({ ...diff.after, updated_at: now });
        await audit(run, 'person.update', 'person', existing.id, diff);
      }
      return existing.id;
    }
    const id = uuidv7();
    await trx('persons').insert({ id, organization_id: run.organizationId, ...fields, location_id: null, manager_id: null, status: 'active', created_at: now, updated_at: now });
    await audit(run, 'person.create', 'person', id, { after: { organizationId: run.organizationId, ...fields } });
    return id;
  }

  async function upsertAccount(run: SyncRun, user: DirectoryUser): Promise<UserRow | null> {
    const { trx, report } = run;
    const existing = (await trx('users').where({ login: user.login }).first()) as UserRow | undefined;
    if (existing && existing.kind !== 'ldap') {
      report.skippedLocalLogins.push(user.login);
      return null;
    }
    const personId = await upsertPerson(run, user, existing?.person_id ?? null);
    if (!existing) {
      const row = await insertUser(trx, clock, { login: user.login, kind: 'ldap', ldap_dn: user.dn, person_id: personId }, defaults);
      await audit(run, 'user.create', 'user', row.id, { after: { login: row.login, kind: 'ldap', ldapDn: row.ldap_dn, personId } });
      report.usersCreated += 1;
      return row;
    }
    const diff = changes(existing, { ldap_dn: user.dn, person_id: personId });
    if (hasChanges(diff)) {
      await trx('users').where({ id: existing.id }).update({ ...diff.after, updated_at: clock.now().toISOString() });
      await audit(run, 'user.update', 'user', existing.id, diff);
      report.usersUpdated += 1;
    }
    return { ...existing, ...diff.after };
  }

  async function applyRoles(run: SyncRun, account: UserRow, user: DirectoryUser): Promise<void> {
    if (config.groupRoles.size === 0) return;
    const { trx } = run;
    const wanted = [...new Set(run.groups.filter((g) => isMember(g, user)).flatMap((g) => rolesOfGroup(g) ?? []))].sort();
    const current = ((await trx('user_roles').where({ user_id: account.id }).pluck('role_id')) as string[]).sort();
    if (wanted.join() === current.join()) return;
    await trx('user_roles').where({ user_id: account.id }).delete();
    if (wanted.length > 0) await trx('user_roles').insert(wanted.map((role_id) => ({ user_id: account.id, role_id })));
    await audit(run, 'user.roles', 'user', account.id, { before: { roles: current }, after: { roles: wanted } });
  }

  /** The team mirroring a group (same name, in the LDAP organization); made when `create` and missing. */
  async function teamOf(run: SyncRun, group: DirectoryGroup, create: boolean): Promise<string | null> {
    const name = group.cn.slice(0, 200);
    const row = (await run.trx('teams').where({ organization_id: run.organizationId, name }).first('id')) as { id: string } | undefined;
    if (row || !create) return row?.id ?? null;
    const id = uuidv7();
    await run.trx('teams').insert({ id, organization_id: run.organizationId, name, email: null, created_at: clock.now().toISOString() });
    await audit(run, 'team.create', 'team', id, { after: { organizationId: run.organizationId, name, ldapDn: group.dn } });
    run.report.teamsCreated += 1;
    return id;
  }

  async function applyTeams(run: SyncRun, account: UserRow, user: DirectoryUser): Promise<void> {
    if (!account.person_id) return;
    for (const group of run.groups) {
      if (rolesOfGroup(group)) continue;
      const member = isMember(group, user);
      const teamId = await teamOf(run, group, member);
      if (!teamId) continue;
      const where = { team_id: teamId, person_id: account.person_id };
      const isIn = (await run.trx('team_members').where(where).first('team_id')) !== undefined;
      if (member === isIn) continue;
      if (member) await run.trx('team_members').insert(where);
      else await run.trx('team_members').where(where).delete();
      await audit(run, member ? 'team.member-add' : 'team.member-remove', 'team', teamId, { personId: account.person_id });
    }
  }

  async function applyUser(run: SyncRun, user: DirectoryUser): Promise<string | null> {
    const account = await upsertAccount(run, user);
    if (!account) return null;
    await applyRoles(run, account, user);
    await applyTeams(run, account, user);
    return account.id;
  }

  async function disableMissing(run: SyncRun, present: ReadonlySet<string>): Promise<void> {
    const { trx, report } = run;
    const accounts = (await trx('users').where({ kind: 'ldap', status: 'active' }).select('id', 'login')) as Array<{ id: string; login: string }>;
    for (const account of accounts.filter((a) => !present.has(a.login))) {
      try {
        await keepAnAdmin(trx, account.id);
      } catch {
        report.keptLastAdmins.push(account.login);
        continue;
      }
      await trx('users').where({ id: account.id }).update({ status: 'disabled', updated_at: clock.now().toISOString() });
      const sessionsEnded = await endSessionsOf(trx, account.id);
      await audit(run, 'user.update', 'user', account.id, { before: { status: 'active' }, after: { status: 'disabled' }, reason: 'gone from the directory', sessionsEnded });
      report.usersDisabled += 1;
    }
  }

  return {
    async syncAll(actor = DIRECTORY_ACTOR) {
      const [users, groups] = await Promise.all([directory.listUsers(), directory.listGroups()]);
      return identityCommand(db, async (trx) => {
        const run = await startRun(trx, actor, groups);
        for (const user of users) await applyUser(run, user);
        await disableMissing(run, new Set(users.map((u) => u.login)));
        return run.report;
      });
    },

    async syncUser(user) {
      const groups = await directory.listGroups();
      return identityCommand(db, async (trx) => applyUser(await startRun(trx, DIRECTORY_ACTOR, groups), user));
    },
  };
}
