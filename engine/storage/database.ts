import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { FlowdeskError } from '../errors/flowdesk-error.js';

export type Dialect = 'sqlite' | 'mysql';

/** An open database: the knex instance and which dialect it speaks. */
export interface Database {
  readonly knex: Knex;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

export interface DatabaseTarget {
  dialect: Dialect;
  /** For sqlite: the file path. For mysql: the connection URL. */
  location: string;
}

const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Reads FLOWDESK_DATABASE_URL: `sqlite:<path>` / `file:<path>` / a bare path for SQLite,
 * `mysql://user:pass@host:port/db` (also `mariadb://`) for MySQL/MariaDB.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^(mysql|mariadb):\/\//i.test(url)) {
    return { dialect: 'mysql', location: url.replace(/^mariadb:/i, 'mysql:') };
  }
  if (/^(sqlite|file):/i.test(url)) return { dialect: 'sqlite', location: url.replace(/^(sqlite|file):(\/\/)?/i, '') };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new FlowdeskError('STORAGE_URL_UNSUPPORTED', `Unsupported database URL scheme in "${url.split(':')[0]}:"; use sqlite:<path> or mysql://…`);
  }
  return { dialect: 'sqlite', location: url };
}

/**
 * Opens the database. SQLite runs with WAL, foreign keys and a busy timeout; MySQL/MariaDB
 * with utf8mb4 and UTC. Creates the folder of a SQLite file when it does not exist.
 */
export function openDatabase(target: DatabaseTarget): Database {
  const knex = target.dialect === 'sqlite' ? openSqlite(target.location) : openMysql(target.location);
  return { knex, dialect: target.dialect, close: () => knex.destroy() };
}

function openSqlite(file: string): Knex {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        try {
          conn.pragma('journal_mode = WAL');
          conn.pragma('foreign_keys = ON');
          conn.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
          conn.pragma('synchronous = NORMAL');
          done(null, conn);
        } catch (error) {
          done(error as Error, conn);
        }
      },
    },
  });
}

function openMysql(url: string): Knex {
  const parsed = new URL(url);
  return knexFactory({
    client: 'mysql2',
    connection: {
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : 3306,
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
      charset: 'utf8mb4',
      timezone: 'Z',
      supportBigNumbers: true,
    },
    pool: { min: 0, max: 10 },
  });
}
