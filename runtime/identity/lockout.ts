/**
 * Locking an account after repeated failed logins: so many failures in a row lock it for a while
 * (on the injected clock); a successful login, an administrator's unlock or the lock running out
 * starts the count again. Failures are counted in the database, so every node sees them.
 */
import { appendAudit, inTransaction, type Clock, type Database, type Transaction } from '../../engine/index.js';

export interface LockoutPolicy {
  /** Failures in a row that lock the account. */
  maxFailures: number;
  /** How long the lock lasts. */
  lockMs: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60_000 };

export function isLocked(user: { locked_until: string | null }, clock: Clock): boolean {
  return user.locked_until !== null && user.locked_until > clock.now().toISOString();
}

/**
 * Counts one failure of a known account (atomically, so parallel attempts all count) and locks it
 * when the count reaches the limit. Audited; the password tried is never written anywhere.
 * @returns whether this failure locked the account.
 */
export async function recordFailedLogin(db: Database, clock: Clock, policy: LockoutPolicy, user: { id: string }, reason: 'login' | 'password-change'): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    await trx('users').where({ id: user.id }).increment('failed_logins', 1);
    const { failed_logins: failures } = (await trx('users').where({ id: user.id }).first('failed_logins')) as { failed_logins: number };
    const locks = Number(failures) >= policy.maxFailures;
    const lockedUntil = locks ? new Date(clock.now().getTime() + policy.lockMs).toISOString() : null;
    if (locks) await trx('users').where({ id: user.id }).update({ failed_logins: 0, locked_until: lockedUntil });
    await appendAudit(trx, clock, { actor: user.id, action: 'auth.login-failed', targetType: 'user', targetId: user.id, details: { reason, failures: Number(failures), ...(locks ? { lockedUntil } : {}) } });
    return locks;
  });
}

/** After a successful login: the count starts again. */
export async function clearFailedLogins(trx: Transaction, userId: string): Promise<void> {
  await trx('users').where({ id: userId }).update({ failed_logins: 0, locked_until: null });
}
