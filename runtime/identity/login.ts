/**
 * Logging in, out, and changing one's own password. A login names a local account (argon2id
 * here) or a directory account (a bind as its DN); a login unknown here is tried against the
 * directory and the account made on success. Every failure answers the same LOGIN_FAILED, takes
 * about as long, and counts toward the lock of a known account.
 */
import { FlowdeskError, appendAudit, inTransaction, type Clock, type Database } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import { resolveCaller } from './caller-resolver.js';
import type { LdapDirectory } from './ldap-directory.js';
import type { DirectorySync } from './ldap-sync.js';
import { DEFAULT_LOCKOUT_POLICY, clearFailedLogins, isLocked, recordFailedLogin, type LockoutPolicy } from './lockout.js';
import { hashPassword, verifyNothing, verifyPassword } from './passwords.js';
import { DEFAULT_SESSION_POLICY, createSession, endSession, endSessionsOf, type NewSession, type SessionPolicy } from './sessions.js';
import { normalizeLogin, type UserRow } from './user-store.js';

export interface LoginDeps {
  db: Database;
  clock: Clock;
  sessions?: SessionPolicy;
  lockout?: LockoutPolicy;
  /** The directory and its sync, when LDAP is configured. */
  ldap?: { directory: LdapDirectory; sync: DirectorySync } | null;
}

export interface LoginRequest {
  login: string;
  password: string;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface LoginService {
  readonly sessionPolicy: SessionPolicy;
  /** A new session for the account, or LOGIN_FAILED / ACCOUNT_LOCKED (DIRECTORY_UNAVAILABLE when LDAP is down). */
  logIn(request: LoginRequest): Promise<{ session: NewSession; caller: Caller }>;
  logOut(caller: Caller): Promise<void>;
  /** Needs the current password; ends the account's other sessions. */
  changePassword(caller: Caller, currentPassword: string, newPassword: string): Promise<void>;
}

const failed = () => new FlowdeskError('LOGIN_FAILED', 'the login or password is wrong');
const locked = () => new FlowdeskError('ACCOUNT_LOCKED', 'too many failed logins: the account is locked for a while');

export function createLoginService({ db, clock, sessions = DEFAULT_SESSION_POLICY, lockout = DEFAULT_LOCKOUT_POLICY, ldap = null }: LoginDeps): LoginService {
  const findUser = async (login: string) => (await db.knex('users').where({ login }).first()) as UserRow | undefined;

  /** Whether the password is the account's; for a directory account, also refreshes it from the directory. */
  async function passwordMatches(user: UserRow, password: string): Promise<boolean> {
    if (user.kind === 'local') return user.password_hash ? verifyPassword(user.password_hash, password) : verifyNothing(password);
    if (!ldap) return verifyNothing(password);
    const entry = await ldap.directory.authenticate(user.login, password);
    if (entry) await ldap.sync.syncUser(entry);
    return entry !== null;
  }

  /** A login unknown here: the directory may know it, and then the account is made. */
  async function provisionFromDirectory(login: string, password: string): Promise<UserRow | null> {
    if (!ldap) return null;
    const entry = await ldap.directory.authenticate(login, password);
    if (!entry) return null;
    let userId: string | null;
    try {
      userId = await ldap.sync.syncUser(entry);
    } catch (error) {
      // Two first logins at once: the other one made the account.
      if (!(error instanceof FlowdeskError && error.code === 'IDENTITY_DUPLICATE')) throw error;
      userId = await ldap.sync.syncUser(entry);
    }
    return userId ? ((await db.knex('users').where({ id: userId }).first()) as UserRow) : null;
  }

  return {
    sessionPolicy: sessions,

    async logIn(request) {
      const login = normalizeLogin(request.login);
      let user = await findUser(login);
      if (!user) {
        user = (await provisionFromDirectory(login, request.password)) ?? undefined;
        if (!user) {
          if (!ldap) await verifyNothing(request.password);
          throw failed();
        }
      } else {
        if (user.status !== 'active') {
          await verifyNothing(request.password);
          throw failed();
        }
        if (isLocked(user, clock)) throw locked();
        if (!(await passwordMatches(user, request.password))) {
          throw (await recordFailedLogin(db, clock, lockout, user, 'login')) ? locked() : failed();
        }
      }
      const account = user;
      const session = await inTransaction(db, async (trx) => {
        await clearFailedLogins(trx, account.id);
        await trx('users').where({ id: account.id }).update({ last_login_at: clock.now().toISOString() });
        const created = await createSession(trx, clock, sessions, { userId: account.id, ip: request.ip, userAgent: request.userAgent });
        await appendAudit(trx, clock, { actor: account.id, action: 'auth.login', targetType: 'user', targetId: account.id, details: { kind: account.kind, ip: request.ip ?? null } });
        return created;
      });
      const caller = await resolveCaller(db.knex, account.id, { kind: 'session', sessionId: session.id });
      if (!caller) throw failed();
      return { session, caller };
    },

    async logOut(caller) {
      if (caller.via.kind !== 'session') return;
      const { sessionId } = caller.via;
      await inTransaction(db, async (trx) => {
        await endSession(trx, sessionId);
        await appendAudit(trx, clock, { actor: caller.userId, action: 'auth.logout', targetType: 'user', targetId: caller.userId, details: {} });
      });
    },

    async changePassword(caller, currentPassword, newPassword) {
      const user = (await db.knex('users').where({ id: caller.userId }).first()) as UserRow | undefined;
      if (!user) throw new FlowdeskError('UNAUTHENTICATED', 'log in again');
      if (user.kind !== 'local') throw new FlowdeskError('FORBIDDEN', "a directory account's password is changed in the directory");
      if (isLocked(user, clock)) throw locked();
      if (!(await passwordMatches(user, currentPassword))) {
        const nowLocked = await recordFailedLogin(db, clock, lockout, user, 'password-change');
        throw nowLocked ? locked() : new FlowdeskError('CURRENT_PASSWORD_INVALID', 'the current password is wrong');
      }
      const passwordHash = await hashPassword(newPassword);
      await inTransaction(db, async (trx) => {
        await trx('users').where({ id: user.id }).update({ password_hash: passwordHash, failed_logins: 0, updated_at: clock.now().toISOString() });
        const sessionsEnded = await endSessionsOf(trx, user.id, caller.via.kind === 'session' ? caller.via.sessionId : undefined);
        await appendAudit(trx, clock, { actor: caller.userId, action: 'user.password-change', targetType: 'user', targetId: user.id, details: { sessionsEnded } });
      });
    },
  };
}
