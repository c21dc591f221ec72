/**
 * User accounts: local (an argon2id password here) or LDAP (bound against the directory), each
 * logging in as a person, with roles and the organizations it works for besides its person's own.
 * Logins are kept in lower case, so `Alice` and `alice` are one account on every database.
 * Credentials change only through their own commands (setPassword here, the password change of
 * the auth routes); nothing else takes or returns a password or its hash.
 */
import { v7 as uuidv7 } from 'uuid';
import { FlowdeskError, appendAudit, type Clock, type Database, type Transaction } from '../../engine/index.js';
import { ADMIN_ROLE } from '../access/caller.js';
import { changes, hasChanges, identityCommand, referenced, target } from './identity-command.js';
import { userView, type UserView } from './identity-views.js';
import { hashPassword } from './passwords.js';
import { endSessionsOf } from './sessions.js';

export type UserStatus = 'active' | 'disabled';

export interface UserDefaults {
  language: string;
  timeZone: string;
}

export const DEFAULT_USER_DEFAULTS: UserDefaults = { language: 'en', timeZone: 'UTC' };

export interface NewLocalUser {
  login: string;
  password: string;
  personId?: string | undefined;
  language?: string | undefined;
  timeZone?: string | undefined;
  roles?: readonly string[] | undefined;
  organizationIds?: readonly string[] | undefined;
}

export interface UserChanges {
  personId?: string | null | undefined;
  language?: string | undefined;
  timeZone?: string | undefined;
  status?: UserStatus | undefined;
}

export interface UserStore {
  list(): Promise<UserView[]>;
  get(id: string): Promise<UserView>;
  createLocal(actor: string, input: NewLocalUser): Promise<UserView>;
  /** Profile and status; disabling ends the account's sessions (its tokens stop working with it). */
  update(actor: string, id: string, input: UserChanges): Promise<UserView>;
  /** An administrator sets a local account's password; the account's sessions end. */
  setPassword(actor: string, id: string, password: string): Promise<void>;
  setRoles(actor: string, id: string, roles: readonly string[]): Promise<UserView>;
  setOrganizations(actor: string, id: string, organizationIds: readonly string[]): Promise<UserView>;
  /** Clears failed logins and any lock. */
  unlock(actor: string, id: string): Promise<UserView>;
}

export interface UserStoreDeps {
  db: Database;
  clock: Clock;
  /** The role ids installed bundles declare (roles.json); `admin` is always known. */
  roleIds: () => Promise<readonly string[]>;
  /** When LDAP group → role mapping is on, directory accounts get their roles from their groups only. */
  directoryManagesRoles?: boolean;
  defaults?: UserDefaults;
}

export interface UserRow {
  id: string;
  login: string;
  person_id: string | null;
  kind: 'local' | 'ldap';
  password_hash: string | null;
  ldap_dn: string | null;
  status: UserStatus;
  failed_logins: number;
  locked_until: string | null;
  language: string;
  time_zone: string;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A role id as roles.json spells it (or `admin`). */
export const ROLE_ID_PATTERN = '^[a-z][a-z0-9]*([-_.][a-z0-9]+)*$';

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

/** True for an IANA time zone name the runtime knows (`Europe/Paris`, `Asia/Shanghai`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Inserts a user row; the caller's transaction checks references and writes the audit. */
export async function insertUser(
  trx: Transaction,
  clock: Clock,
  fields: Pick<UserRow, 'login' | 'kind'> & Partial<Pick<UserRow, 'person_id' | 'password_hash' | 'ldap_dn' | 'language' | 'time_zone'>>,
  defaults: UserDefaults = DEFAULT_USER_DEFAULTS,
): Promise<UserRow> {
  const now = clock.now().toISOString();
  const row: UserRow = {
    id: uuidv7(),
    login: normalizeLogin(fields.login),
    person_id: fields.person_id ?? null,
    kind: fields.kind,
    password_hash: fields.password_hash ?? null,
    ldap_dn: fields.ldap_dn ?? null,
    status: 'active',
    failed_logins: 0,
    locked_until: null,
    language: fields.language ?? defaults.language,
    time_zone: fields.time_zone ?? defaults.timeZone,
    last_login_at: null,
    created_at: now,
    updated_at: now,
  };
  const taken = await trx('users').where({ login: row.login }).first('id');
  if (taken) throw new FlowdeskError('IDENTITY_DUPLICATE', 'another user has that login', { details: [{ pointer: 'body/login', message: 'is taken' }] });
  await trx('users').insert(row);
  return row;
}

/** Refuses a change that takes an active administrator away when no other is left. */
export async function keepAnAdmin(trx: Transaction, userId: string): Promise<void> {
  const isAdmin = (await trx('user_roles').where({ user_id: userId, role_id: ADMIN_ROLE }).first('role_id')) !== undefined;
  if (!isAdmin) return;
  const others = (await trx('user_roles')
    .join('users', 'users.id', 'user_roles.user_id')
    .where({ 'user_roles.role_id': ADMIN_ROLE, 'users.status': 'active' })
    .whereNot('users.id', userId)
    .count({ n: '*' })) as Array<{ n: number | string }>;
  if (Number(others[0]?.n ?? 0) === 0) throw new FlowdeskError('LAST_ADMIN', 'this is the last active administrator; make another one first');
}

export function createUserStore({ db, clock, roleIds, directoryManagesRoles = false, defaults = DEFAULT_USER_DEFAULTS }: UserStoreDeps): UserStore {
  async function viewOf(knex: Database['knex'], row: UserRow): Promise<UserView> {
    const [roles, organizations] = await Promise.all([
      knex('user_roles').where({ user_id: row.id }).pluck('role_id') as Promise<string[]>,
      knex('user_organizations').where({ user_id: row.id }).pluck('organization_id') as Promise<string[]>,
    ]);
    return userView({ ...row }, roles, organizations);
  }

  async function checkRoles(roles: readonly string[]): Promise<void> {
    const known = new Set([ADMIN_ROLE, ...(await roleIds())]);
    const unknown = roles.map((role, index) => ({ role, index })).filter(({ role }) => !known.has(role));
    if (unknown.length > 0) {
      throw new FlowdeskError('REFERENCE_NOT_FOUND', `no installed bundle declares the role ${unknown.map((u) => `"${u.role}"`).join(', ')}`, {
        details: unknown.map(({ index }) => ({ pointer: `body/roles/${index}`, message: 'names no role' })),
      });
    }
  }

  async function checkOrganizations(trx: Transaction, organizationIds: readonly string[]): Promise<void> {
    for (const [index, id] of organizationIds.entries()) await referenced(trx, 'organizations', id, `body/organizationIds/${index}`);
  }

  function checkTimeZone(timeZone: string | undefined): void {
    if (timeZone !== undefined && !isTimeZone(timeZone)) throw new FlowdeskError('INPUT_INVALID', `"${timeZone}" is not a time zone`, { details: [{ pointer: 'body/timeZone', message: 'is not an IANA time zone' }] });
  }

  async function replaceRows(trx: Transaction, table: 'user_roles' | 'user_organizations', column: 'role_id' | 'organization_id', userId: string, values: readonly string[]): Promise<string[]> {
    const before = ((await trx(table).where({ user_id: userId }).pluck(column)) as string[]).sort();
    await trx(table).where({ user_id: userId }).delete();
    const unique = [...new Set(values)].sort();
    if (unique.length > 0) await trx(table).insert(unique.map((value) => ({ user_id: userId, [column]: value })));
    return before;
  }

  return {
    async list() {
      const rows = (await db.knex('users').orderBy('login')) as UserRow[];
      const roles = (await db.knex('user_roles').select('user_id', 'role_id')) as Array<{ user_id: string; role_id: string }>;
      const organizations = (await db.knex('user_organizations').select('user_id', 'organization_id')) as Array<{ user_id: string; organization_id: string }>;
      return rows.map((row) =>
        userView(
          { ...row },
          roles.filter((r) => r.user_id === row.id).map((r) => r.role_id),
          organizations.filter((o) => o.user_id === row.id).map((o) => o.organization_id),
        ),
      );
    },

    async get(id) {
      const row = (await db.knex('users').where({ id }).first()) as UserRow | undefined;
      if (!row) throw new FlowdeskError('NOT_FOUND', 'no user with that id');
      return viewOf(db.knex, row);
    },

    async createLocal(actor, input) {
      checkTimeZone(input.timeZone);
      const roles = [...new Set(input.roles ?? [])].sort();
      await checkRoles(roles);
      // Hash before the transaction: it is slow and needs no rows held.
      const passwordHash = await hashPassword(input.password);
      return identityCommand(db, async (trx) => {
        if (input.personId !== undefined) await referenced(trx, 'persons', input.personId, 'body/personId');
        await checkOrganizations(trx, input.organizationIds ?? []);
        const row = await insertUser(trx, clock, { login: input.login, kind: 'local', person_id: input.personId ?? null, password_hash: passwordHash, language: input.language, time_zone: input.timeZone }, defaults);
        await replaceRows(trx, 'user_roles', 'role_id', row.id, roles);
        await replaceRows(trx, 'user_organizations', 'organization_id', row.id, input.organizationIds ?? []);
        const view = await viewOf(trx, row);
        await appendAudit(trx, clock, {
          actor,
          action: 'user.create',
          targetType: 'user',
          targetId: row.id,
          details: { after: { login: view.login, kind: view.kind, personId: view.personId, language: view.language, timeZone: view.timeZone, roles: view.roles, organizationIds: view.organizationIds } },
        });
        return view;
      });
    },

    async update(actor, id, input) {
      checkTimeZone(input.timeZone);
      return identityCommand(db, async (trx) => {
        const row = await target<UserRow>(trx, 'users', id);
        if (input.personId) await referenced(trx, 'persons', input.personId, 'body/personId');
        const diff = changes(row, { person_id: input.personId, language: input.language, time_zone: input.timeZone, status: input.status });
        if (!hasChanges(diff)) return viewOf(trx, row);
        if (diff.after.status === 'disabled') await keepAnAdmin(trx, id);
        const updatedAt = clock.now().toISOString();
        await trx('users').where({ id }).update({ ...diff.after, updated_at: updatedAt });
        const sessionsEnded = diff.after.status === 'disabled' ? await endSessionsOf(trx, id) : 0;
        await appendAudit(trx, clock, { actor, action: 'user.update', targetType: 'user', targetId: id, details: { ...diff, ...(sessionsEnded > 0 ? { sessionsEnded } : {}) } });
        return viewOf(trx, { ...row, ...diff.after, updated_at: updatedAt });
      });
    },

    async setPassword(actor, id, password) {
      const passwordHash = await hashPassword(password);
      await identityCommand(db, async (trx) => {
        const row = await target<UserRow>(trx, 'users', id);
        if (row.kind !== 'local') throw new FlowdeskError('FORBIDDEN', "a directory account's password is changed in the directory");
        await trx('users').where({ id }).update({ password_hash: passwordHash, updated_at: clock.now().toISOString() });
        const sessionsEnded = await endSessionsOf(trx, id);
        await appendAudit(trx, clock, { actor, action: 'user.password-set', targetType: 'user', targetId: id, details: { sessionsEnded } });
      });
    },

    async setRoles(actor, id, roles) {
      await checkRoles(roles);
      return identityCommand(db, async (trx) => {
        const row = await target<UserRow>(trx, 'users', id);
        if (row.kind === 'ldap' && directoryManagesRoles) throw new FlowdeskError('FORBIDDEN', "a directory account's roles come from its LDAP groups");
        if (!roles.includes(ADMIN_ROLE) && row.status === 'active') await keepAnAdmin(trx, id);
        const before = await replaceRows(trx, 'user_roles', 'role_id', id, roles);
        const after = [...new Set(roles)].sort();
        if (before.join() !== after.join()) await appendAudit(trx, clock, { actor, action: 'user.roles', targetType: 'user', targetId: id, details: { before: { roles: before }, after: { roles: after } } });
        return viewOf(trx, row);
      });
    },

    async setOrganizations(actor, id, organizationIds) {
      return identityCommand(db, async (trx) => {
        const row = await target<UserRow>(trx, 'users', id);
        await checkOrganizations(trx, organizationIds);
        const before = await replaceRows(trx, 'user_organizations', 'organization_id', id, organizationIds);
        const after = [...new Set(organizationIds)].sort();
        if (before.join() !== after.join()) {
          await appendAudit(trx, clock, { actor, action: 'user.organizations', targetType: 'user', targetId: id, details: { before: { organizationIds: before }, after: { organizationIds: after } } });
        }
        return viewOf(trx, row);
      });
    },

    async unlock(actor, id) {
      return identityCommand(db, async (trx) => {
        const row = await target<UserRow>(trx, 'users', id);
        if (row.failed_logins === 0 && row.locked_until === null) return viewOf(trx, row);
        await trx('users').where({ id }).update({ failed_logins: 0, locked_until: null });
        await appendAudit(trx, clock, { actor, action: 'user.unlock', targetType: 'user', targetId: id, details: { before: { failedLogins: row.failed_logins, lockedUntil: row.locked_until }, after: { failedLogins: 0, lockedUntil: null } } });
        return viewOf(trx, { ...row, failed_logins: 0, locked_until: null });
      });
    },
  };
}
