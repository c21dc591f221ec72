/**
 * The secrets Flowdesk hands out (session cookies, CSRF tokens, API tokens): random, shown to
 * their holder only, and kept in the database as a SHA-256 digest so a read of the database
 * gives nobody a usable credential.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url: 43 characters, 256 bits. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The SHA-256 (hex) of a secret, as stored. */
export function digestOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two secrets in time that does not depend on where they differ. */
export function isSameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(Buffer.from(digestOf(given), 'hex'), Buffer.from(digestOf(expected), 'hex'));
}
