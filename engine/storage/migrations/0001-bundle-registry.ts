import type { Knex } from 'knex';

/** Installed bundles, their immutable versions and files, and the audit log. */
export async function up(knex: Knex): Promise<void> {
  const isMysql = knex.client.config.client === 'mysql2';
  const longText = (table: Knex.CreateTableBuilder, name: string) => table.text(name, 'longtext');

  await knex.schema.createTable('bundles', (table) => {
    table.string('name', 100).primary();
    table.string('created_at', 24).notNullable();
  });

  await knex.schema.createTable('bundle_versions', (table) => {
    table.string('id', 36).primary();
    table.string('bundle_name', 100).notNullable().references('name').inTable('bundles');
    table.string('version', 64).notNullable();
    table.string('content_hash', 64).notNullable();
    longText(table, 'manifest').notNullable();
    longText(table, 'definition_index').notNullable();
    table.text('signature').nullable();
    table.string('signed_by', 100).nullable();
    table.string('installed_at', 24).notNullable();
    table.string('installed_by', 200).notNullable();
    table.unique(['bundle_name', 'version']);
  });

  await knex.schema.createTable('bundle_files', (table) => {
    table.string('version_id', 36).notNullable().references('id').inTable('bundle_versions').onDelete('CASCADE');
    table.string('path', 255).notNullable();
    table.string('sha256', 64).notNullable();
    table.integer('size').notNullable();
    if (isMysql) table.specificType('content', 'longblob').notNullable();
    else table.binary('content').notNullable();
    table.primary(['version_id', 'path']);
  });

  await knex.schema.createTable('bundle_requirements', (table) => {
    table.string('version_id', 36).notNullable().references('id').inTable('bundle_versions').onDelete('CASCADE');
    table.string('required_name', 100).notNullable();
    table.string('version_range', 200).notNullable();
    table.primary(['version_id', 'required_name']);
    table.index(['required_name']);
  });

  await knex.schema.createTable('audit_log', (table) => {
    table.string('id', 36).primary();
    table.string('at', 24).notNullable();
    table.string('actor', 200).notNullable();
    table.string('action', 100).notNullable();
    table.string('target_type', 100).notNullable();
    table.string('target_id', 300).notNullable();
    longText(table, 'details').notNullable();
    table.index(['target_type', 'target_id']);
    table.index(['at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['audit_log', 'bundle_requirements', 'bundle_files', 'bundle_versions', 'bundles']) {
    await knex.schema.dropTableIfExists(table);
  }
}
