import type { Knex } from 'knex';

/**
 * Form validators compiled ahead of time, one per form of an installed version and locale: the
 * browser runs them as served script files, since the strict CSP forbids compiling code there.
 * The schema a validator was compiled from is the localized one the browser renders.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('form_validators', (table) => {
    table.string('version_id', 36).notNullable().references('id').inTable('bundle_versions').onDelete('CASCADE');
    table.string('form_id', 100).notNullable();
    table.string('locale', 10).notNullable();
    /** The localized form `{ title, schema, uiSchema }` as JSON. */
    table.text('form', 'mediumtext').notNullable();
    /** An ES module whose default export takes `require` and returns the validate functions. */
    table.text('code', 'mediumtext').notNullable();
    table.string('sha256', 64).notNullable();
    table.primary(['version_id', 'form_id', 'locale']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('form_validators');
}
