/**
 * Local passwords: argon2id (OWASP's parameters: 19 MiB, 2 passes, 1 lane), verified against the
 * stored PHC string. A login for an account that does not exist verifies against a fixed hash of
 * the same cost, so the answer takes as long as for a real account.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** Passwords shorter than this are refused; longer than the maximum too (hashing cost is per byte). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// Algorithm is a const enum whose runtime object the native binding leaves empty: Argon2id is 2.
const ARGON2ID = 2 as Algorithm.Argon2id;
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** The hash of a random password nobody knows, with the parameters above. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$zN1jwkphk3tU8gHpAC24UQ$IDxMcTp1K3nqmf/VC3VAEtG9mOIwq85QOu2iXDyRnkU';

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** True when the password matches the stored hash; false for a wrong password or an unreadable hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Spends the time of one verification and answers false: for logins that match no account. */
export async function verifyNothing(password: string): Promise<false> {
  await verifyPassword(DUMMY_HASH, password);
  return false;
}
