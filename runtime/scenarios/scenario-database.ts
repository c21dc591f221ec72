/**
 * A fresh database for each scenario file, so no scenario sees another's rows: by default a
 * temporary SQLite file, removed afterwards; with a MySQL/MariaDB URL, a new database on that
 * server named after the URL's (`<name>_scn_<random>`), dropped afterwards; with a `sqlite:<folder>`
 * URL, a file per scenario in that folder, replaced on each run and kept for inspection.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase, parseDatabaseUrl } from '../../engine/index.js';

export interface ScenarioDatabase {
  url: string;
  /** A scratch folder for the runtime's data (attachments), removed by drop. */
  dataDir: string;
  drop(): Promise<void>;
}

/** `label` names the kept SQLite file (`<bundle>-<scenario>`); letters, digits, `-` and `_`. */
export async function createScenarioDatabase(databaseUrl: string | undefined, label: string): Promise<ScenarioDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'flowdesk-scenario-'));
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
  if (databaseUrl === undefined) return { url: `sqlite:${join(dataDir, 'scenario.sqlite')}`, dataDir, drop: removeDataDir };
  const target = parseDatabaseUrl(databaseUrl);
  if (target.dialect === 'sqlite') {
    const file = join(resolve(target.location), `${label}.sqlite`);
    await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${file}${suffix}`, { force: true })));
    return { url: `sqlite:${file}`, dataDir, drop: removeDataDir };
  }
  const base = new URL(target.location);
  const name = `${decodeURIComponent(base.pathname.slice(1)) || 'flowdesk'}_scn_${Math.random().toString(36).slice(2, 10)}`;
  // One connection to the server itself (no database selected) makes the database and drops it.
  const server = new URL(base);
  server.pathname = '/';
  const admin = openDatabase({ dialect: 'mysql', location: server.toString() });
  try {
    await admin.knex.raw('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [name]);
  } catch (error) {
    await admin.close();
    await removeDataDir();
    throw error;
  }
  const own = new URL(base);
  own.pathname = `/${name}`;
  const drop = async () => {
    try {
      await admin.knex.raw('DROP DATABASE IF EXISTS ??', [name]);
    } finally {
      await admin.close();
      await removeDataDir();
    }
  };
  return { url: own.toString(), dataDir, drop };
}
