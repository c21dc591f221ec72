import type { Knex } from 'knex';

/**
 * Drafts of bundles the designer edits: a working copy of a bundle's files on the server, saved
 * as the admin works and published as a new immutable version. `version` counts saves: a save
 * names the version it was made on, so a stale save is refused instead of overwriting another's.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bundle_drafts', (table) => {
    table.string('id', 36).primary();
    table.string('bundle_name', 100).notNullable().index();
    /** The installed version the draft was made from; null for a new bundle. */
    table.string('base_version', 64).nullable();
    table.integer('version').notNullable();
    table.string('created_by', 100).notNullable();
    table.string('created_at', 24).notNullable();
    table.string('updated_by', 100).notNullable();
    table.string('updated_at', 24).notNullable();
  });
  await knex.schema.createTable('bundle_draft_files', (table) => {
    table.string('draft_id', 36).notNullable().references('id').inTable('bundle_drafts').onDelete('CASCADE');
    table.string('path', 300).notNullable();
    if (knex.client.config.client === 'mysql2') table.specificType('content', 'longblob').notNullable();
    else table.binary('content').notNullable();
    table.string('sha256', 64).notNullable();
    table.integer('size').notNullable();
    table.primary(['draft_id', 'path']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('bundle_draft_files');
  await knex.schema.dropTableIfExists('bundle_drafts');
}
