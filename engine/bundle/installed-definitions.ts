/**
 * Something built from the newest installed version of every bundle (record types, SLA
 * policies and their calendars, …), rebuilt only when the installed versions change. The
 * installed versions are listed again at most once per `maxAgeMs`, so a hot path asking on every
 * request costs a map lookup; an import shows within that time on every process.
 */
import type { Knex } from 'knex';
import type { Clock } from '../time/clock.js';
import type { BundleRegistry } from './bundle-registry.js';
import { MANIFEST_FILE } from './bundle-path.js';
import { parseBundleJson } from './json-reader.js';
import type { Manifest } from './schemas/index.js';

export interface InstalledBundle {
  name: string;
  version: string;
  manifest: Manifest;
  /** A file of the bundle as JSON (the registry validated it against its kind's schema at install). */
  json<T>(path: string): T;
}

export interface InstalledDefinitions<T> {
  /** Reads through `knex` when given: inside a transaction on SQLite, the only connection is the transaction's. */
  get(knex?: Knex): Promise<T>;
  /** Forgets what was built: the next `get` lists the installed versions again. */
  refresh(): void;
}

export type InstalledRegistry = Pick<BundleRegistry, 'listVersions' | 'readFiles'>;

export function createInstalledDefinitions<T>(registry: InstalledRegistry, build: (bundles: InstalledBundle[]) => T, options: { maxAgeMs?: number; clock?: Clock } = {}): InstalledDefinitions<T> {
  const maxAgeMs = options.maxAgeMs ?? 1000;
  const now = () => (options.clock ? options.clock.now().getTime() : Date.now());
  let cached: { key: string; built: Promise<T> } | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;

  async function load(newest: ReadonlyMap<string, string>, knex: Knex | undefined): Promise<T> {
    const bundles: InstalledBundle[] = [];
    for (const name of [...newest.keys()].sort()) {
      const version = newest.get(name)!;
      const { files } = await registry.readFiles(name, version, knex);
      const json = <J>(path: string): J => {
        const bytes = files.get(path);
        if (!bytes) throw new Error(`bundle ${name}@${version} has no file ${path}`);
        return parseBundleJson(bytes, path) as J;
      };
      bundles.push({ name, version, manifest: json<Manifest>(MANIFEST_FILE), json });
    }
    return build(bundles);
  }

  return {
    async get(knex) {
      if (cached && now() - checkedAt < maxAgeMs) return cached.built;
      const versions = await registry.listVersions(knex);
      checkedAt = now();
      const newest = new Map<string, string>();
      for (const v of versions) if (!newest.has(v.name)) newest.set(v.name, v.version); // newest first per name
      const key = [...newest].map(([name, version]) => `${name}@${version}`).join('\n');
      if (cached?.key !== key) {
        const built = load(newest, knex);
        // A failed build is not kept: the next call tries again.
        built.catch(() => {
          if (cached?.built === built) cached = undefined;
        });
        cached = { key, built };
      }
      return cached.built;
    },
    refresh() {
      cached = undefined;
    },
  };
}
