/**
 * The first administrator: on a start where no account has the admin role, the login `admin` is
 * made with the password from FLOWDESK_ADMIN_PASSWORD, or with a generated one that is announced
 * once (and stored only as its hash). Once an administrator exists this does nothing, so the
 * variable can stay set; several nodes starting at once make one account.
 */
import { randomBytes } from 'node:crypto';
import { FlowdeskError, appendAudit, type Clock, type Database } from '../../engine/index.js';
import { ADMIN_ROLE } from '../access/caller.js';
import { identityCommand } from './identity-command.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, hashPassword } from './passwords.js';
import { insertUser } from './user-store.js';

export const FIRST_ADMIN_LOGIN = 'admin';

export interface FirstAdminDeps {
  db: Database;
  clock: Clock;
  /** FLOWDESK_ADMIN_PASSWORD, when set. */
  password?: string | undefined;
  /** Where a generated password is told, once: the operator's console. */
  announce: (message: string) => void;
}

export type FirstAdminOutcome = 'exists' | 'created-with-given-password' | 'created-with-generated-password';

export async function ensureFirstAdmin({ db, clock, password, announce }: FirstAdminDeps): Promise<FirstAdminOutcome> {
  if (await hasAdmin(db.knex)) return 'exists';
  if (password !== undefined && password !== '' && (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH)) {
    throw new FlowdeskError('CONFIG_INVALID', `FLOWDESK_ADMIN_PASSWORD must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`);
  }
  const generated = !password;
  const secret = password || randomBytes(18).toString('base64url');
  const passwordHash = await hashPassword(secret);
  let created: boolean;
  try {
    created = await identityCommand(db, async (trx) => {
      if (await hasAdmin(trx)) return false;
      const taken = await trx('users').where({ login: FIRST_ADMIN_LOGIN }).first('id');
      if (taken) throw new FlowdeskError('CONFIG_INVALID', `no account is an administrator and the login "${FIRST_ADMIN_LOGIN}" is taken: give an account the admin role in the database`);
      const user = await insertUser(trx, clock, { login: FIRST_ADMIN_LOGIN, kind: 'local', password_hash: passwordHash });
      await trx('user_roles').insert({ user_id: user.id, role_id: ADMIN_ROLE });
      await appendAudit(trx, clock, { actor: 'system', action: 'user.create', targetType: 'user', targetId: user.id, details: { after: { login: user.login, kind: 'local', roles: [ADMIN_ROLE] }, password: generated ? 'generated' : 'FLOWDESK_ADMIN_PASSWORD' } });
      return true;
    });
  } catch (error) {
    // Another node made it between our check and our insert.
    if (error instanceof FlowdeskError && error.code === 'IDENTITY_DUPLICATE') return 'exists';
    throw error;
  }
  if (!created) return 'exists';
  if (!generated) return 'created-with-given-password';
  announce(`Flowdesk made the first administrator. Log in as "${FIRST_ADMIN_LOGIN}" with the password ${secret} — it is shown only this once; change it after logging in.`);
  return 'created-with-generated-password';
}

async function hasAdmin(knex: Database['knex']): Promise<boolean> {
  return (await knex('user_roles').where({ role_id: ADMIN_ROLE }).first('user_id')) !== undefined;
}
