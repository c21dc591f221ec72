import type { Knex } from 'knex';

/**
 * A process instance may belong to a record (the ticket it works on). The record id is kept on
 * the instance and copied onto each of its tasks, so that task lists, counts and lookups join
 * the records table directly and apply the caller's record scope in the same statement.
 *
 * No foreign key: SQLite cannot add one to an existing table without rebuilding it, and a task
 * whose record is gone is simply out of every non-administrator's reach (the join finds nothing).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('process_instances', (table) => {
    table.string('record_id', 36).nullable();
    table.index(['record_id'], 'process_instances_record');
  });
  await knex.schema.alterTable('process_tasks', (table) => {
    table.string('record_id', 36).nullable();
    table.index(['record_id', 'status'], 'process_tasks_record_status');
    // "My tasks" and the queues page through open tasks oldest first.
    table.index(['status', 'created_at', 'id'], 'process_tasks_status_created');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('process_tasks', (table) => {
    table.dropIndex(['status', 'created_at', 'id'], 'process_tasks_status_created');
    table.dropIndex(['record_id', 'status'], 'process_tasks_record_status');
    table.dropColumn('record_id');
  });
  await knex.schema.alterTable('process_instances', (table) => {
    table.dropIndex(['record_id'], 'process_instances_record');
    table.dropColumn('record_id');
  });
}
