import { createManualClock } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import { createCredentialCache, type ResolvedCredential } from './credential-cache.js';

const caller = (login: string): Caller => ({ userId: `u-${login}`, login, personId: null, organizationId: null, organizationIds: [], teamIds: [], roles: [], isAdmin: false, via: { kind: 'session', sessionId: 's' }, language: 'en', timeZone: 'UTC' });
const entry = (login: string, expiresAt: string | null = null): ResolvedCredential => ({ caller: caller(login), csrfToken: 'csrf', expiresAt });

describe('the credential cache', () => {
  const start = new Date('2026-03-02T09:00:00.000Z');

  it('keeps an entry for its time to live on the clock, and never past the credential’s own end', () => {
    const clock = createManualClock(start);
    const cache = createCredentialCache(clock, { ttlMs: 1000, maxEntries: 10 });
    cache.remember('a', entry('ann'), cache.generation());
    cache.remember('b', entry('bob', '2026-03-02T09:00:00.500Z'), cache.generation());

    expect(cache.get('a')?.caller.login).toBe('ann');
    clock.advance(500);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.caller.login).toBe('ann');
    clock.advance(500);
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops every entry when an identity write starts, keeps none while it runs, nor any resolved before it ended', async () => {
    const clock = createManualClock(start);
    const cache = createCredentialCache(clock, { ttlMs: 1000, maxEntries: 10 });
    cache.remember('a', entry('ann'), cache.generation());
    const readBeforeWrite = cache.generation();

    await cache.whileChanging(async () => {
      expect(cache.get('a')).toBeUndefined();
      cache.remember('b', entry('bob'), cache.generation());
      expect(cache.get('b')).toBeUndefined();
    });
    cache.remember('c', entry('cat'), readBeforeWrite);
    expect(cache.get('c')).toBeUndefined();
    cache.remember('d', entry('dan'), cache.generation());
    expect(cache.get('d')?.caller.login).toBe('dan');
  });

  it('ends the write’s window when the write fails too', async () => {
    const cache = createCredentialCache(createManualClock(start), { ttlMs: 1000, maxEntries: 10 });
    await expect(cache.whileChanging(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    cache.remember('a', entry('ann'), cache.generation());
    expect(cache.get('a')?.caller.login).toBe('ann');
  });

  it('holds at most maxEntries, dropping the oldest, and nothing with a time to live of 0', () => {
    const clock = createManualClock(start);
    const small = createCredentialCache(clock, { ttlMs: 1000, maxEntries: 2 });
    for (const login of ['ann', 'bob', 'cat']) small.remember(login, entry(login), small.generation());
    expect(['ann', 'bob', 'cat'].map((login) => small.get(login)?.caller.login)).toEqual([undefined, 'bob', 'cat']);

    const off = createCredentialCache(clock, { ttlMs: 0, maxEntries: 2 });
    off.remember('ann', entry('ann'), off.generation());
    expect(off.get('ann')).toBeUndefined();
  });
});
