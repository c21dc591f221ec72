import type { Knex } from 'knex';
import type { Database } from './database.js';
import * as bundleRegistry from './migrations/0001-bundle-registry.js';
import * as jobs from './migrations/0002-jobs.js';
import * as processRuntime from './migrations/0003-process-runtime.js';
import * as identity from './migrations/0004-identity.js';
import * as records from './migrations/0005-records.js';
import * as processRecords from './migrations/0006-process-records.js';
import * as slaClocks from './migrations/0007-sla-clocks.js';
import * as notifications from './migrations/0008-notifications.js';
import * as webhooks from './migrations/0009-webhooks.js';
import * as catalog from './migrations/0010-catalog.js';
import * as surveys from './migrations/0011-surveys.js';
import * as formValidators from './migrations/0012-form-validators.js';
import * as bundleDrafts from './migrations/0013-bundle-drafts.js';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Every migration, in order. Listed here rather than globbed so the build and jest see the same set. */
const MIGRATIONS: ReadonlyArray<readonly [string, Migration]> = [
  ['0001-bundle-registry', bundleRegistry],
  ['0002-jobs', jobs],
  ['0003-process-runtime', processRuntime],
  ['0004-identity', identity],
  ['0005-records', records],
  ['0006-process-records', processRecords],
  ['0007-sla-clocks', slaClocks],
  ['0008-notifications', notifications],
  ['0009-webhooks', webhooks],
  ['0010-catalog', catalog],
  ['0011-surveys', surveys],
  ['0012-form-validators', formValidators],
  ['0013-bundle-drafts', bundleDrafts],
];

const migrationSource: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

/** Applies every pending migration; returns the names it applied (empty when up to date). */
export async function migrateToLatest(db: Database): Promise<string[]> {
  const [, applied] = (await db.knex.migrate.latest({ migrationSource, tableName: 'flowdesk_migrations' })) as [
    number,
    string[],
  ];
  return applied;
}

/** The migrations this build knows that the database has not applied, in order. */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const [, pending] = (await db.knex.migrate.list({ migrationSource, tableName: 'flowdesk_migrations' })) as [unknown[], Array<readonly [string, Migration]>];
  return pending.map(([name]) => name);
}
