import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { migrateToLatest, openDatabase, parseDatabaseUrl, type Database, type Dialect } from '../engine/index.js';

/**
 * Which databases this test run uses: FLOWDESK_TEST_DATABASES (comma list of sqlite, mysql);
 * by default SQLite, plus MariaDB/MySQL when FLOWDESK_TEST_MYSQL_URL is set.
 */
export function testDialects(): Dialect[] {
  const listed = process.env['FLOWDESK_TEST_DATABASES'];
  if (listed) return listed.split(',').map((d) => d.trim()) as Dialect[];
  return process.env['FLOWDESK_TEST_MYSQL_URL'] ? ['sqlite', 'mysql'] : ['sqlite'];
}

const MYSQL_DEFAULT = 'mysql://root@127.0.0.1:3306/flowdesk_test';

/** A fresh, migrated, empty database of the dialect, and its URL; `drop` removes it. */
export interface TestDatabase {
  dialect: Dialect;
  url: string;
  db: Database;
  /** Where a SQLite file lives, or a scratch folder for a MySQL run. */
  dir: string;
  drop(): Promise<void>;
}

/** Runs one statement on the MySQL server itself (no database selected). */
async function onMysqlServer(base: URL, sql: string, name: string): Promise<void> {
  const server = new URL(base);
  server.pathname = '/';
  const admin = knexFactory({ client: 'mysql2', connection: { uri: server.toString() } as never });
  try {
    await admin.raw(sql, [name]);
  } finally {
    await admin.destroy();
  }
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'flowdesk-test-'));
  let url = `sqlite:${join(dir, 'flowdesk.sqlite')}`;
  let dropDatabase = async (): Promise<void> => undefined;
  if (dialect === 'mysql') {
    const base = new URL(process.env['FLOWDESK_TEST_MYSQL_URL'] || MYSQL_DEFAULT);
    const name = `${base.pathname.slice(1) || 'flowdesk_test'}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await onMysqlServer(base, 'CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', name);
    const own = new URL(base);
    own.pathname = `/${name}`;
    url = own.toString();
    dropDatabase = () => onMysqlServer(base, 'DROP DATABASE IF EXISTS ??', name);
  }
  const db = openDatabase(parseDatabaseUrl(url));
  await migrateToLatest(db);
  return {
    dialect,
    url,
    db,
    dir,
    drop: async () => {
      await db.close();
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs a describe block once per test database. `get()` returns the current test's fresh database
 * (made before each test and dropped after it).
 */
export function forEachDatabase(title: string, body: (get: () => TestDatabase) => void): void {
  describe.each(testDialects())(`${title} [%s]`, (dialect) => {
    let current: TestDatabase | undefined;
    beforeEach(async () => {
      current = await createTestDatabase(dialect);
    });
    afterEach(async () => {
      await current?.drop();
      current = undefined;
    });
    body(() => current!);
  });
}

/** Row counts of every Flowdesk table: equal before and after means nothing was written. */
export async function tableCounts(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['bundles', 'bundle_versions', 'bundle_files', 'bundle_requirements', 'audit_log']) {
    const [row] = (await db.knex(table).count({ n: '*' })) as Array<{ n: number | string }>;
    counts[table] = Number(row!.n);
  }
  return counts;
}
