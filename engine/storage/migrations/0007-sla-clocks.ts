import type { Knex } from 'knex';

/**
 * SLA clocks: one row per clock of a policy on a record, per cycle (a clock stopped and started
 * again opens a new cycle; the old one keeps its facts). A running clock holds its deadline and
 * the next threshold it waits for; that threshold is one job in `jobs` (instance_id = the clock's
 * id), so an idle open record costs nothing until the job falls due.
 *
 * Times are ISO strings like everywhere else; durations are business milliseconds (bigint).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sla_clocks', (table) => {
    table.string('id', 36).primary();
    table.string('record_id', 36).notNullable();
    table.string('record_type', 100).notNullable();
    table.string('policy_id', 100).notNullable();
    table.string('clock_id', 100).notNullable();
    table.integer('cycle').notNullable();
    /** response | resolution */
    table.string('metric', 16).notNullable();
    /** running | paused | stopped */
    table.string('status', 16).notNullable();
    table.string('calendar_id', 100).notNullable();
    table.string('time_zone', 64).notNullable();
    table.bigInteger('target_ms').notNullable();
    table.bigInteger('elapsed_ms').notNullable();
    table.string('since', 24).notNullable();
    table.string('started_at', 24).notNullable();
    table.string('deadline', 24).nullable();
    table.string('breached_at', 24).nullable();
    table.bigInteger('paused_ms').notNullable();
    /** How many thresholds (in ascending order) have fired in this cycle, repeats included. */
    table.integer('thresholds_fired').notNullable();
    table.string('stopped_at', 24).nullable();
    table.integer('version').notNullable();
    table.string('created_at', 24).notNullable();
    table.string('updated_at', 24).notNullable();
    table.unique(['record_id', 'policy_id', 'clock_id', 'cycle'], { indexName: 'sla_clocks_cycle' });
    // Achievement reports: stopped clocks of a type and metric over a period.
    table.index(['record_type', 'metric', 'stopped_at'], 'sla_clocks_report');
    // Running clocks by deadline: what is about to breach.
    table.index(['status', 'deadline'], 'sla_clocks_deadline');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sla_clocks');
}
