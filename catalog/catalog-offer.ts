/**
 * What an organization is offered, read in SQL: the services of every active, in-date contract of
 * the organization or of one above it (a contract covers its organization's whole subtree), and
 * who delivers a service to it. Where several contracts cover a service the nearest organization's
 * wins (then the latest start), so a branch can have its own terms; likewise for delivery.
 */
import type { Knex } from 'knex';
import type { Clock } from '../engine/index.js';

export interface OfferedService {
  contractId: string;
  /** The contract's SLA policy (`bundle:id`) for the service, or null for the entries' own. */
  slaPolicy: string | null;
}

export interface Offer {
  /** The organization and those above it, nearest first. */
  organizations: readonly string[];
  services: ReadonlyMap<string, OfferedService>;
}

const NOTHING: Offer = { organizations: [], services: new Map() };

/** Contracts run by calendar day in UTC, both ends included. */
export function todayOf(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

/** The organization and its ancestors, nearest first, from its materialized path; empty when it does not exist. */
async function organizationLine(knex: Knex, organizationId: string): Promise<string[]> {
  const row = (await knex('organizations').where({ id: organizationId }).first('path')) as { path: string } | undefined;
  return row ? row.path.split('/').filter((id) => id !== '').reverse() : [];
}

export async function offerFor(knex: Knex, organizationId: string | null, today: string): Promise<Offer> {
  if (organizationId === null) return NOTHING;
  const organizations = await organizationLine(knex, organizationId);
  if (organizations.length === 0) return NOTHING;
  const rows = (await knex('catalog_contracts as c')
    .join('catalog_contract_services as s', 's.contract_id', 'c.id')
    .whereIn('c.organization_id', organizations)
    .where('c.status', 'active')
    .where('c.starts_on', '<=', today)
    .where((q) => q.whereNull('c.ends_on').orWhere('c.ends_on', '>=', today))
    .select('c.id', 'c.organization_id', 'c.starts_on', 's.service', 's.sla_policy')) as Array<{ id: string; organization_id: string; starts_on: string; service: string; sla_policy: string | null }>;
  const distance = (row: { organization_id: string }) => organizations.indexOf(row.organization_id);
  rows.sort((a, b) => distance(a) - distance(b) || b.starts_on.localeCompare(a.starts_on) || b.id.localeCompare(a.id));
  const services = new Map<string, OfferedService>();
  for (const row of rows) if (!services.has(row.service)) services.set(row.service, { contractId: row.id, slaPolicy: row.sla_policy });
  return { organizations, services };
}

/** The team that delivers the service to the nearest of the organizations that has one, or null. */
export async function deliveringTeam(knex: Knex, organizations: readonly string[], service: string): Promise<string | null> {
  if (organizations.length === 0) return null;
  const rows = (await knex('catalog_delivery').whereIn('organization_id', organizations).where({ service }).select('organization_id', 'team_id')) as Array<{ organization_id: string; team_id: string }>;
  rows.sort((a, b) => organizations.indexOf(a.organization_id) - organizations.indexOf(b.organization_id));
  return rows[0]?.team_id ?? null;
}
