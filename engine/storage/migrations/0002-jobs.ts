import type { Knex } from 'knex';

/**
 * The durable jobs table: timers, async continuations, plugin retries, SLA thresholds, the outbox.
 * A job that finishes is deleted, so the table holds only pending, running and failed work and the
 * claim query stays a short index range scan however long the system runs.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('jobs', (table) => {
    table.string('id', 36).primary();
    table.string('type', 100).notNullable();
    table.text('payload', 'mediumtext').notNullable();
    /** The owning process instance, so its jobs can be cancelled together. */
    table.string('instance_id', 36).nullable().index();
    /** Scheduling a key that exists is a no-op (idempotent scheduling); NULLs never collide. */
    table.string('dedupe_key', 255).nullable().unique();
    table.string('status', 16).notNullable();
    table.string('due_at', 24).notNullable();
    table.integer('attempts').notNullable();
    table.integer('max_attempts').notNullable();
    table.string('lease_owner', 200).nullable();
    table.string('lease_expires_at', 24).nullable();
    /** Bumped by every claim and release: the revision a runner claimed at is its lease token. */
    table.integer('revision').notNullable();
    table.string('last_error_code', 100).nullable();
    table.string('last_error_message', 1000).nullable();
    table.string('created_at', 24).notNullable();
    table.string('updated_at', 24).notNullable();
    // The claim reads each in index order and stops after a batch: no sort, and on MySQL only the
    // rows it returns are locked. The id makes the order total (FIFO among equal times).
    table.index(['status', 'due_at', 'id'], 'jobs_due');
    table.index(['status', 'lease_expires_at', 'id'], 'jobs_lease');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('jobs');
}
