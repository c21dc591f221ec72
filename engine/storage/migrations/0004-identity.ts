import type { Knex } from 'knex';

/**
 * Who uses Flowdesk, modelled on iTop: organizations in a tree, their locations, persons, teams of
 * persons, and user accounts (local or LDAP) that log in as a person, with their roles, the
 * organizations an agent may work for besides their own, login sessions and API tokens.
 * Instants are ISO strings (24 characters), as everywhere in Flowdesk.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organizations', (table) => {
    table.string('id', 36).primary();
    table.string('parent_id', 36).nullable().references('id').inTable('organizations');
    /** The ids from the root down to this one, '/root/…/this/': a subtree is one prefix range (18 levels fit). */
    table.string('path', 700).notNullable().index();
    table.string('code', 50).nullable().unique();
    table.string('name', 200).notNullable();
    table.string('status', 16).notNullable();
    table.string('created_at', 24).notNullable();
    table.string('updated_at', 24).notNullable();
  });
  await knex.schema.createTable('locations', (table) => {
    table.string('id', 36).primary();
    table.string('organization_id', 36).notNullable().references('id').inTable('organizations').index();
    table.string('name', 200).notNullable();
    table.string('address', 500).nullable();
    table.string('created_at', 24).notNullable();
  });
  await knex.schema.createTable('persons', (table) => {
    table.string('id', 36).primary();
    table.string('organization_id', 36).notNullable().references('id').inTable('organizations').index();
    table.string('name', 200).notNullable();
    table.string('email', 254).nullable().index();
    table.string('phone', 50).nullable();
    table.string('location_id', 36).nullable().references('id').inTable('locations');
    table.string('manager_id', 36).nullable().references('id').inTable('persons');
    table.string('status', 16).notNullable();
    table.string('created_at', 24).notNullable();
    table.string('updated_at', 24).notNullable();
  });
  await knex.schema.createTable('teams', (table) => {
    table.string('id', 36).primary();
    table.string('organization_id', 36).notNullable().references('id').inTable('organizations').index();
    table.string('name', 200).notNullable();
    table.string('email', 254).nullable();
    table.string('created_at', 24).notNullable();
  });
  await knex.schema.createTable('team_members', (table) => {
    table.string('team_id', 36).notNullable().references('id').inTable('teams');
    table.string('person_id', 36).notNullable().references('id').inTable('persons').index();
    table.primary(['team_id', 'person_id']);
  });
  await knex.schema.createTable('users', (table) => {
    table.string('id', 36).primary();
    table.string('login', 100).notNullable().unique();
    table.string('person_id', 36).nullable().references('id').inTable('persons').index();
    /** local (argon2id password here) or ldap (bound against the directory). */
    table.string('kind', 16).notNullable();
    table.string('password_hash', 255).nullable();
    table.string('ldap_dn', 500).nullable();
    table.string('status', 16).notNullable();
    table.integer('failed_logins').notNullable();
    table.string('locked_until', 24).nullable();
    table.string('language', 10).notNullable();
    table.string('time_zone', 64).notNullable();
    table.string('last_login_at', 24).nullable();
    table.string('created_at', 24).notNullable();
    table.string('updated_at', 24).notNullable();
  });
  /** A bundle role id, or `admin` (the built-in administrator role). */
  await knex.schema.createTable('user_roles', (table) => {
    table.string('user_id', 36).notNullable().references('id').inTable('users');
    table.string('role_id', 100).notNullable();
    table.primary(['user_id', 'role_id']);
  });
  /** Organizations an agent works for besides their person's own (iTop's allowed organizations). */
  await knex.schema.createTable('user_organizations', (table) => {
    table.string('user_id', 36).notNullable().references('id').inTable('users');
    table.string('organization_id', 36).notNullable().references('id').inTable('organizations');
    table.primary(['user_id', 'organization_id']);
  });
  await knex.schema.createTable('sessions', (table) => {
    /** SHA-256 (hex) of the cookie's secret: the database never holds a usable session id. */
    table.string('id', 64).primary();
    table.string('user_id', 36).notNullable().references('id').inTable('users').index();
    table.string('csrf_token', 64).notNullable();
    table.string('created_at', 24).notNullable();
    table.string('last_seen_at', 24).notNullable();
    table.string('expires_at', 24).notNullable().index();
    table.string('ip', 64).nullable();
    table.string('user_agent', 200).nullable();
  });
  await knex.schema.createTable('api_tokens', (table) => {
    table.string('id', 36).primary();
    table.string('user_id', 36).notNullable().references('id').inTable('users').index();
    table.string('name', 100).notNullable();
    /** SHA-256 (hex) of the secret; the secret is shown once, when the token is made. */
    table.string('token_hash', 64).notNullable().unique();
    /** JSON array of the scopes the token is limited to. */
    table.text('scopes').notNullable();
    table.string('created_at', 24).notNullable();
    table.string('expires_at', 24).nullable();
    table.string('revoked_at', 24).nullable();
    table.string('last_used_at', 24).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['api_tokens', 'sessions', 'user_organizations', 'user_roles', 'users', 'team_members', 'teams', 'persons', 'locations', 'organizations']) {
    await knex.schema.dropTableIfExists(table);
  }
}
