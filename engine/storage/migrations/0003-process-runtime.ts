import type { Knex } from 'knex';

/**
 * Process instances with their engine state, the user tasks they wait on (and who may take them),
 * the messages and signals they wait for, and the history of what they did.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('process_instances', (table) => {
    table.string('id', 36).primary();
    table.string('bundle_version_id', 36).notNullable().index();
    table.string('bundle_name', 100).notNullable();
    table.string('process_id', 200).notNullable();
    table.string('business_key', 200).nullable().index();
    table.string('status', 16).notNullable();
    /** Optimistic concurrency: every write checks and bumps it; a stale write is refused. */
    table.integer('version').notNullable();
    table.text('engine_state', 'longtext').notNullable();
    table.string('started_at', 24).notNullable();
    table.string('started_by', 200).notNullable();
    table.string('updated_at', 24).notNullable();
    table.string('ended_at', 24).nullable();
    table.string('error_code', 64).nullable();
    table.string('error_message', 1000).nullable();
    table.index(['status', 'bundle_name']);
  });

  await knex.schema.createTable('process_tasks', (table) => {
    table.string('id', 36).primary();
    table.string('instance_id', 36).notNullable().references('id').inTable('process_instances').onDelete('CASCADE');
    table.string('execution_id', 200).notNullable();
    table.string('element_id', 200).notNullable();
    table.string('name', 500).nullable();
    table.string('form_key', 200).nullable();
    table.string('assignee', 200).nullable();
    table.string('status', 16).notNullable();
    table.string('due_at', 24).nullable();
    table.string('created_at', 24).notNullable();
    table.string('claimed_at', 24).nullable();
    table.string('ended_at', 24).nullable();
    table.string('completed_by', 200).nullable();
    table.unique(['instance_id', 'execution_id']);
    table.index(['status', 'assignee']);
  });

  /** Who may claim an open task: users and groups, one row each, so lists are index lookups. */
  await knex.schema.createTable('process_task_candidates', (table) => {
    table.string('task_id', 36).notNullable().references('id').inTable('process_tasks').onDelete('CASCADE');
    table.string('kind', 8).notNullable();
    table.string('value', 200).notNullable();
    table.primary(['task_id', 'kind', 'value']);
    table.index(['kind', 'value']);
  });

  /** Messages and signals an instance waits for, so delivery finds its targets with one query. */
  await knex.schema.createTable('process_subscriptions', (table) => {
    table.string('instance_id', 36).notNullable().references('id').inTable('process_instances').onDelete('CASCADE');
    table.string('execution_id', 200).notNullable();
    table.string('kind', 8).notNullable();
    table.string('name', 200).notNullable();
    table.string('ref_id', 200).notNullable();
    table.string('correlation_key', 200).nullable();
    table.string('created_at', 24).notNullable();
    table.primary(['instance_id', 'execution_id']);
    table.index(['kind', 'name', 'correlation_key']);
  });

  await knex.schema.createTable('process_history', (table) => {
    table.increments('id');
    table.string('instance_id', 36).notNullable().references('id').inTable('process_instances').onDelete('CASCADE');
    table.string('element_id', 200).notNullable();
    table.string('element_type', 100).notNullable();
    table.string('execution_id', 200).notNullable();
    table.string('event', 16).notNullable();
    table.string('actor', 200).nullable();
    table.string('at', 24).notNullable();
    table.index(['instance_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['process_history', 'process_subscriptions', 'process_task_candidates', 'process_tasks', 'process_instances']) {
    await knex.schema.dropTableIfExists(table);
  }
}
