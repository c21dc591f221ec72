/**
 * The checks every catalog write makes on the ids it is given, inside its transaction and before
 * it writes anything: organizations and teams are rows; services and SLA policies are definitions
 * of the installed bundles. A miss is REFERENCE_NOT_FOUND with the pointer of the bad value.
 */
import { FlowdeskError, type Transaction } from '../engine/index.js';
import type { CatalogDefinitions } from './catalog-definitions.js';

function notFound(what: string, pointer: string): FlowdeskError {
  return new FlowdeskError('REFERENCE_NOT_FOUND', `no ${what} has the id given in ${pointer}`, { details: [{ pointer, message: `names no ${what}` }] });
}

export async function assertRowExists(trx: Transaction, table: 'organizations' | 'teams', id: string, pointer: string): Promise<void> {
  const row: unknown = await trx(table).where({ id }).first('id');
  if (row === undefined) throw notFound(table === 'teams' ? 'team' : 'organization', pointer);
}

export function assertServiceExists(definitions: CatalogDefinitions, service: string, pointer: string): void {
  if (!definitions.services.has(service)) throw notFound('service of an installed bundle', pointer);
}

/** The SLA policy as `bundle:id`. */
export function qualifiedPolicy(definitions: CatalogDefinitions, policy: string, pointer: string): string {
  const found = definitions.slaPolicy(policy);
  if (!found) throw notFound('SLA policy of an installed bundle', pointer);
  return `${found.ref.bundle}:${found.ref.id}`;
}

/** A real calendar day written `YYYY-MM-DD`. */
export function assertDay(value: string, pointer: string): void {
  const at = new Date(`${value}T00:00:00Z`);
  const isDay = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(at.getTime()) && at.toISOString().startsWith(value);
  if (!isDay) throw new FlowdeskError('INPUT_INVALID', `${pointer} is not a calendar day (YYYY-MM-DD)`, { details: [{ pointer, message: 'is not a calendar day' }] });
}
