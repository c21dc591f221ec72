import type { Knex } from 'knex';

/**
 * Who may request what from the service catalog, modelled on iTop: a customer contract gives an
 * organization (and every organization below it) the services it lists, each optionally under
 * another SLA policy than the catalog entry's own; a delivery row says which team delivers a
 * service to an organization (and below it, unless a lower organization has its own row).
 * Services are bundle service ids (catalog.json), not rows: bundles define the catalog, the
 * installation decides who gets it. Dates are `YYYY-MM-DD`, both ends included.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('catalog_contracts', (table) => {
    table.string('id', 36).primary();
    table.string('organization_id', 36).notNullable().references('id').inTable('organizations').index();
    table.string('name', 200).notNullable();
    /** active or inactive. */
    table.string('status', 16).notNullable();
    table.string('starts_on', 10).notNullable();
    table.string('ends_on', 10).nullable();
    table.string('created_at', 24).notNullable();
    table.string('updated_at', 24).notNullable();
  });
  await knex.schema.createTable('catalog_contract_services', (table) => {
    table.string('contract_id', 36).notNullable().references('id').inTable('catalog_contracts').onDelete('CASCADE');
    table.string('service', 100).notNullable().index();
    /** A `bundle:id` SLA policy that replaces the entries' own for this customer; null keeps theirs. */
    table.string('sla_policy', 201).nullable();
    table.primary(['contract_id', 'service']);
  });
  await knex.schema.createTable('catalog_delivery', (table) => {
    table.string('organization_id', 36).notNullable().references('id').inTable('organizations');
    table.string('service', 100).notNullable();
    table.string('team_id', 36).notNullable().references('id').inTable('teams').index();
    table.string('created_at', 24).notNullable();
    table.string('updated_at', 24).notNullable();
    table.primary(['organization_id', 'service']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['catalog_delivery', 'catalog_contract_services', 'catalog_contracts']) await knex.schema.dropTableIfExists(table);
}
