/**
 * Scratch databases for the benches that run on both dialects (sla-clocks, outbox): a SQLite file
 * in a temporary folder, or a database of its own on the MariaDB server at
 * FLOWDESK_BENCH_MYSQL_URL (default the local server), dropped afterwards. When that server is this
 * machine's mariadbd, its CPU time is readable too, so a figure can count the database's work.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { processCpuMs } from './api-records-server.js';

export interface ScratchDatabase {
  label: 'SQLite' | 'MariaDB';
  url: string;
  /** A scratch folder for the runtime's data (attachments). */
  dir: string;
  /** The database server's CPU so far (ms), when it is a process on this machine. */
  serverCpuMs?: () => number;
  drop(): Promise<void>;
}

let scratchCount = 0;

export function scratchSqlite(): ScratchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-bench-'));
  return { label: 'SQLite', url: `sqlite:${join(dir, 'bench.sqlite')}`, dir, drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
}

/** A scratch MariaDB database, or null (with a warning naming `bench`) when the server is not reachable. */
export async function scratchMariadb(bench: string): Promise<ScratchDatabase | null> {
  const base = new URL(process.env['FLOWDESK_BENCH_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test');
  const server = new URL(base);
  server.pathname = '/';
  const name = `flowdesk_bench_${bench.replace(/\W/g, '_')}_${process.pid}_${++scratchCount}`;
  const admin = knexFactory({ client: 'mysql2', connection: { uri: server.toString() } as never });
  try {
    await admin.raw('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [name]);
  } catch (error) {
    console.warn(`${bench}: MariaDB not reachable at ${server.host}, skipped (${(error as Error).message})`);
    await admin.destroy();
    return null;
  }
  const own = new URL(base);
  own.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-bench-'));
  const pid = localDatabaseServer(base.hostname);
  return {
    label: 'MariaDB',
    url: own.toString(),
    dir,
    ...(pid !== null ? { serverCpuMs: () => processCpuMs(pid) } : {}),
    drop: async () => {
      await admin.raw('DROP DATABASE IF EXISTS ??', [name]);
      await admin.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The pid of this machine's mariadbd (or mysqld) when `host` is a loopback name, else null. */
function localDatabaseServer(host: string): number | null {
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) return null;
  const commandOf = (pid: string) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return '';
    }
  };
  const found = readdirSync('/proc').find((entry) => /^\d+$/.test(entry) && ['mariadbd', 'mysqld'].includes(commandOf(entry)));
  return found === undefined ? null : Number(found);
}
