import type { Knex } from 'knex';

/**
 * Generic records: instances of the record types bundles define, with their human numbers,
 * indexed field values, search grams, field history, comments, attachments and watchers.
 *
 * Full-text search — one design on both databases. MySQL 8 has an ngram FULLTEXT parser, but
 * MariaDB has none (MDEV-10267 is an unmerged pull request; Mroonga is an optional storage
 * engine most installs lack), and SQLite's FTS5 trigram tokenizer cannot serve a two-character
 * query from its index, while two characters is the most common length of a Chinese word
 * (密码, 网络, 打印). So Flowdesk keeps its own gram index, in plain tables that behave the same on
 * SQLite, MariaDB and MySQL:
 * - `record_search` holds each record's searchable text, normalized (NFKC, lower case, single
 *   spaces) and capped, in a binary collation;
 * - `record_search_grams` holds the distinct grams of that text, primary key (gram, record_id):
 *   bigrams inside runs of Han, kana and Hangul, trigrams inside runs of other letters and digits.
 * A query term contributes its grams (each one an index lookup, joined on record_id), then every
 * term is verified with `LIKE '%term%'` on the normalized text, so results are exact substring
 * matches; a term too short to have a gram (one CJK character, one or two Latin ones) is answered
 * by the LIKE alone over the same scoped set. User text is only ever a bound value: there is no
 * MATCH or FTS syntax for it to reach.
 *
 * Indexed fields live in `record_values` (one row per scalar value; arrays give one row per
 * element), text and numbers in separate typed columns with an index (type, field, value,
 * record_id), so an equality, IN or range filter and a sort on an indexed field are index range
 * scans. Generated columns would need DDL per record type, at bundle install time, per dialect.
 *
 * Human numbers come from `record_counters`, one row per numbering prefix, bumped inside the
 * creating transaction (gapless: a rollback returns the number). Keying by prefix keeps every
 * number unique across types, so a number alone finds its record.
 */
export async function up(knex: Knex): Promise<void> {
  const isMysql = knex.client.config.client === 'mysql2';
  /** Byte-wise comparison on MySQL too, as SQLite compares: case and accents are normalized before they are stored. */
  const binary = (column: Knex.ColumnBuilder) => (isMysql ? column.collate('utf8mb4_bin') : column);

  await knex.schema.createTable('record_counters', (table) => {
    table.string('prefix', 10).primary();
    table.integer('next_value').notNullable();
  });

  await knex.schema.createTable('records', (table) => {
    table.string('id', 36).primary();
    table.string('type', 100).notNullable();
    /** The counter value behind the number: sorting by number sorts by it. */
    table.integer('seq').notNullable();
    table.string('number', 40).notNullable().unique();
    table.string('organization_id', 36).notNullable().references('id').inTable('organizations');
    /** The person the record is for (iTop's caller); null for records that are for nobody. */
    table.string('caller_id', 36).nullable().references('id').inTable('persons');
    /** The user (or technical actor) that created it. */
    table.string('created_by', 100).notNullable();
    table.string('team_id', 36).nullable().references('id').inTable('teams');
    table.string('assignee_id', 36).nullable().references('id').inTable('users');
    table.string('state', 100).notNullable();
    table.string('title', 500).notNullable();
    /** The fields, as JSON. */
    table.text('data', 'mediumtext').notNullable();
    table.integer('version').notNullable();
    table.string('created_at', 24).notNullable();
    table.string('updated_at', 24).notNullable();
    // Lists read a type in (sort key, id) order, within an organization, state or team when
    // filtered or scoped so; the id makes every order total, which cursor paging relies on.
    table.index(['type', 'updated_at', 'id'], 'records_type_updated');
    table.index(['type', 'organization_id', 'updated_at', 'id'], 'records_type_org_updated');
    table.index(['type', 'state', 'updated_at', 'id'], 'records_type_state_updated');
    table.index(['type', 'team_id', 'updated_at', 'id'], 'records_type_team_updated');
    table.index(['type', 'created_at', 'id'], 'records_type_created');
    table.index(['type', 'seq'], 'records_type_seq');
    table.index(['caller_id', 'updated_at'], 'records_caller');
    table.index(['created_by', 'updated_at'], 'records_creator');
    table.index(['assignee_id', 'state'], 'records_assignee');
  });

  await knex.schema.createTable('record_values', (table) => {
    table.increments('id').primary();
    table.string('record_id', 36).notNullable().references('id').inTable('records');
    table.string('type', 100).notNullable();
    table.string('field', 100).notNullable();
    /** Strings (the first 255 characters) and booleans ('true' / 'false'). */
    binary(table.string('value_text', 255).nullable());
    table.double('value_num').nullable();
    table.index(['type', 'field', 'value_text', 'record_id'], 'record_values_text');
    table.index(['type', 'field', 'value_num', 'record_id'], 'record_values_num');
    table.index(['record_id', 'field'], 'record_values_record');
  });

  await knex.schema.createTable('record_search', (table) => {
    table.string('record_id', 36).primary().references('id').inTable('records');
    binary(table.text('body', 'mediumtext').notNullable());
  });

  await knex.schema.createTable('record_search_grams', (table) => {
    binary(table.string('gram', 4).notNullable());
    table.string('record_id', 36).notNullable().references('id').inTable('records');
    table.primary(['gram', 'record_id']);
    table.index(['record_id'], 'record_search_grams_record');
  });

  await knex.schema.createTable('record_history', (table) => {
    table.string('id', 36).primary();
    table.string('record_id', 36).notNullable().references('id').inTable('records');
    /** The record version the change produced. */
    table.integer('version').notNullable();
    /** created, field, state, organization, caller, team or assignee. */
    table.string('kind', 20).notNullable();
    /** The field name for kind `field`. */
    table.string('field', 100).nullable();
    /** JSON of the value before and after; null for absent. */
    table.text('old_value', 'mediumtext').nullable();
    table.text('new_value', 'mediumtext').nullable();
    table.string('actor', 100).notNullable();
    table.string('at', 24).notNullable();
    table.index(['record_id', 'id'], 'record_history_record');
  });

  await knex.schema.createTable('record_comments', (table) => {
    table.string('id', 36).primary();
    table.string('record_id', 36).notNullable().references('id').inTable('records');
    /** reply (public, the caller sees it) or work-note (internal). */
    table.string('kind', 16).notNullable();
    table.text('body', 'mediumtext').notNullable();
    table.string('author_id', 100).notNullable();
    table.string('created_at', 24).notNullable();
    table.index(['record_id', 'id'], 'record_comments_record');
  });

  await knex.schema.createTable('record_attachments', (table) => {
    table.string('id', 36).primary();
    table.string('record_id', 36).notNullable().references('id').inTable('records');
    table.string('comment_id', 36).nullable().references('id').inTable('record_comments');
    /** Attached to a work note: shown only to those who may read work notes (a comment's kind never changes). */
    table.boolean('is_work_note').notNullable();
    /** Generated by Flowdesk (a random UUID); never derived from anything a client sent. */
    table.string('storage_key', 36).notNullable().unique();
    /** For display and the download's filename* only; sanitized. */
    table.string('file_name', 255).notNullable();
    /** Sniffed from the content; the type a client declared is not trusted. */
    table.string('media_type', 100).notNullable();
    table.bigInteger('size').notNullable();
    table.string('sha256', 64).notNullable();
    table.string('created_by', 100).notNullable();
    table.string('created_at', 24).notNullable();
    table.index(['record_id', 'id'], 'record_attachments_record');
  });

  await knex.schema.createTable('record_watchers', (table) => {
    table.string('record_id', 36).notNullable().references('id').inTable('records');
    table.string('person_id', 36).notNullable().references('id').inTable('persons');
    table.string('added_by', 100).notNullable();
    table.string('created_at', 24).notNullable();
    table.primary(['record_id', 'person_id']);
    table.index(['person_id'], 'record_watchers_person');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['record_watchers', 'record_attachments', 'record_comments', 'record_history', 'record_search_grams', 'record_search', 'record_values', 'records', 'record_counters']) {
    await knex.schema.dropTableIfExists(table);
  }
}
