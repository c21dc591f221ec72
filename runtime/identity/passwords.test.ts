import { parseOptions } from '@node-rs/argon2';
import { hashPassword, verifyNothing, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes with argon2id at OWASP cost, with a fresh salt each time', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');

    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(second).not.toBe(first);
    expect(parseOptions(first)).toEqual(expect.objectContaining({ memoryCost: 19456, timeCost: 2, parallelism: 1 }));
  });

  it('verifies the right password only, and treats an unreadable hash as a mismatch', async () => {
    const stored = await hashPassword('correct horse battery staple');

    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'Correct horse battery staple')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });

  it('spends a verification on a login that names no account, and answers false', async () => {
    expect(await verifyNothing('whatever was typed')).toBe(false);
  });
});
