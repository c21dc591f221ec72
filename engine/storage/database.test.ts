import { forEachDatabase } from '../../test/for-each-database.js';
import { parseDatabaseUrl } from './database.js';
import { inTransaction } from './transaction.js';

describe('parseDatabaseUrl', () => {
  it('reads SQLite paths and MySQL/MariaDB URLs', () => {
    expect(parseDatabaseUrl('sqlite:/data/f.sqlite')).toEqual({ dialect: 'sqlite', location: '/data/f.sqlite' });
    expect(parseDatabaseUrl('./data/f.sqlite')).toEqual({ dialect: 'sqlite', location: './data/f.sqlite' });
    expect(parseDatabaseUrl('mariadb://root@127.0.0.1:3306/flowdesk')).toEqual({ dialect: 'mysql', location: 'mysql://root@127.0.0.1:3306/flowdesk' });
  });

  it('refuses other databases with a stable code', () => {
    expect(() => parseDatabaseUrl('postgres://localhost/x')).toThrow(expect.objectContaining({ code: 'STORAGE_URL_UNSUPPORTED' }));
  });
});

forEachDatabase('storage', (database) => {
  it('runs with the settings each dialect needs', async () => {
    const { knex, dialect } = database().db;
    if (dialect === 'sqlite') {
      expect(await knex.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await knex.raw('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      expect(await knex.raw('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
    } else {
      const [rows] = (await knex.raw('SELECT @@character_set_connection AS cs, @@character_set_database AS db')) as [Array<{ cs: string; db: string }>];
      expect(rows[0]).toEqual({ cs: 'utf8mb4', db: 'utf8mb4' });
    }
  });

  it('rolls the whole command back when any part of it fails', async () => {
    const { db } = database();
    await expect(
      inTransaction(db, async (trx) => {
        await trx('bundles').insert({ name: 'kept-or-not', created_at: '2026-11-23T00:00:00.000Z' });
        await trx('bundles').insert({ name: 'kept-or-not', created_at: '2026-11-23T00:00:00.000Z' });
      }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^(SQLITE_CONSTRAINT_PRIMARYKEY|ER_DUP_ENTRY)$/) });
    expect(await db.knex('bundles').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('enforces foreign keys', async () => {
    const { db } = database();
    await expect(db.knex('bundle_files').insert({ version_id: 'missing', path: 'x', sha256: 'a'.repeat(64), size: 0, content: Buffer.alloc(0) })).rejects.toMatchObject({
      code: expect.stringMatching(/^(SQLITE_CONSTRAINT_FOREIGNKEY|ER_NO_REFERENCED_ROW_2)$/),
    });
  });
});
