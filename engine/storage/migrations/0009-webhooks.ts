import type { Knex } from 'knex';

/**
 * Webhook endpoints: where an installation sends the notification rules of the `webhook`
 * channel. Administrators register them (bundles cannot: a bundle must not choose where an
 * installation's data goes). The secret signs every delivery (HMAC-SHA256), so it is kept as
 * given, readable only by the server; it is shown once, when the endpoint is made.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhook_endpoints', (table) => {
    table.string('id', 36).primary();
    table.string('name', 200).notNullable();
    table.string('url', 2048).notNullable();
    table.string('secret', 100).notNullable();
    /** JSON array of the notification rule ids it receives. */
    table.text('rule_ids').notNullable();
    table.string('status', 16).notNullable();
    table.string('created_by', 100).notNullable();
    table.string('created_at', 24).notNullable();
    table.string('updated_at', 24).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('webhook_endpoints');
}
