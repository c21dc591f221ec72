import type { Knex } from 'knex';

/**
 * Notifications. `outbox` holds rendered messages until their channel has taken them: each row is
 * written in the transaction of the event that caused it, with a `notify.send` job (instance_id =
 * the row's id) that sends it and deletes it; a message that keeps failing stays here with its
 * failed job, visible and retryable. `inbox_notifications` is the in-app channel: what a user sees
 * in the bell of the workspace and the portal.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox', (table) => {
    table.string('id', 36).primary();
    table.string('channel', 16).notNullable();
    table.string('rule_id', 100).notNullable();
    table.string('record_id', 36).nullable().index();
    /** An e-mail address, a user id (inbox) or a webhook URL. */
    table.string('recipient', 2048).notNullable();
    table.string('locale', 10).notNullable();
    table.string('subject', 255).notNullable();
    table.text('text', 'mediumtext').notNullable();
    table.text('html', 'mediumtext').nullable();
    table.string('created_at', 24).notNullable();
  });
  await knex.schema.createTable('inbox_notifications', (table) => {
    table.string('id', 36).primary();
    table.string('user_id', 36).notNullable();
    table.string('record_id', 36).nullable();
    table.string('rule_id', 100).notNullable();
    table.string('subject', 255).notNullable();
    table.text('text').notNullable();
    table.string('created_at', 24).notNullable();
    table.string('read_at', 24).nullable();
    table.index(['user_id', 'created_at'], 'inbox_notifications_user');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('inbox_notifications');
  await knex.schema.dropTableIfExists('outbox');
}
