import type { Knex } from 'knex';

/**
 * Satisfaction surveys (ServiceHot's 回访): one row per survey a record opens when it reaches a
 * resolved state — for the record's requester, answered once with 1–5 stars per dimension and a
 * comment, or rated automatically after a while without answer. The team and assignee the record
 * had when the survey opened are kept, so quality reports group answers by who did the work.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('survey_responses', (table) => {
    table.string('id', 36).primary();
    table.string('record_id', 36).notNullable().references('id').inTable('records').index();
    table.string('survey_id', 100).notNullable();
    /** The bundle version (`name@version`) whose survey definition opened it. */
    table.string('bundle_version', 150).notNullable();
    /** Which time the record asks (a record resolved, reopened and resolved again asks twice). */
    table.integer('round').notNullable();
    table.string('respondent_user_id', 36).nullable().references('id').inTable('users').index();
    /** open, answered, auto-rated, or expired (the record was resolved again before an answer). */
    table.string('status', 16).notNullable();
    /** `{ "<dimension>": 1..5 }` as JSON. */
    table.text('ratings').nullable();
    table.double('average').nullable();
    table.text('comment').nullable();
    /** Whether a dimension was at or below the survey's low-rating mark. */
    table.boolean('low').notNullable().defaultTo(false);
    /** Where the record was when the survey opened: whose work is rated. */
    table.string('team_id', 36).nullable();
    table.string('assignee_id', 36).nullable();
    table.string('opened_at', 24).notNullable();
    table.string('answered_at', 24).nullable();
    table.unique(['record_id', 'survey_id', 'round']);
    table.index(['status', 'answered_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('survey_responses');
}
