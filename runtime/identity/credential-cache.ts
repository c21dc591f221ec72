/**
 * Resolved credentials (an API token or a session, and the Caller they make), kept for a second
 * so that a client sending many requests is not looked up five times per request: finding the
 * token or session and the account's person, organizations, teams and roles costs more than
 * reading a record. What a cached entry can get wrong, and how long:
 * - on this node, nothing: every identity write made through this node's API runs inside
 *   `whileChanging`, which drops every entry and keeps new ones out until the write has
 *   committed, so the next request after the answer reads the database;
 * - on other nodes, or after a write made outside the API, at most `ttlMs`: a revoked token, an
 *   ended session, a disabled account or a changed role is refused or applied everywhere within
 *   that time;
 * - never past the credential's own end: an entry holds its expiry and is refused after it.
 * Time is the runtime's clock, as for the credentials themselves.
 */
import type { Clock } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';

export interface ResolvedCredential {
  caller: Caller;
  /** The session's CSRF token, for a session. */
  csrfToken?: string;
  /** When the token or session ends (ISO instant), if it does. */
  expiresAt: string | null;
}

export interface CredentialCacheOptions {
  /** How long an entry is trusted, in milliseconds; 0 turns the cache off. */
  ttlMs: number;
  maxEntries: number;
}

export const DEFAULT_CREDENTIAL_CACHE: CredentialCacheOptions = { ttlMs: 1000, maxEntries: 10_000 };

export interface CredentialCache {
  /** The entry for the credential's digest, if it is fresh and the credential has not ended. */
  get(key: string): ResolvedCredential | undefined;
  /** What `remember` needs to know whether the world changed while a credential was being resolved. */
  generation(): number;
  /** Keeps `value` unless an identity write began or ran since `generation` was read. */
  remember(key: string, value: ResolvedCredential, generation: number): void;
  /** Runs an identity write: no entry is trusted or kept from its start until it has finished. */
  whileChanging<T>(write: () => Promise<T>): Promise<T>;
}

export function createCredentialCache(clock: Clock, { ttlMs, maxEntries }: CredentialCacheOptions = DEFAULT_CREDENTIAL_CACHE): CredentialCache {
  const entries = new Map<string, { value: ResolvedCredential; until: number; generation: number }>();
  let generation = 0;
  let writesRunning = 0;

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      const now = clock.now();
      const isFresh = entry.generation === generation && entry.until > now.getTime() && (entry.value.expiresAt === null || entry.value.expiresAt > now.toISOString());
      if (isFresh) return entry.value;
      entries.delete(key);
      return undefined;
    },
    generation: () => generation,
    remember(key, value, seen) {
      if (ttlMs <= 0 || writesRunning > 0 || seen !== generation) return;
      // Oldest first: dropping the first key keeps the map bounded without a full LRU.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, until: clock.now().getTime() + ttlMs, generation });
    },
    async whileChanging(write) {
      writesRunning++;
      generation++;
      entries.clear();
      try {
        return await write();
      } finally {
        writesRunning--;
        generation++;
      }
    },
  };
}
