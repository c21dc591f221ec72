/**
 * The people of the sla-clocks and outbox benches, written straight into the identity tables (as
 * test/org-fixture.ts does): a provider whose service desk team has two agents holding the SLA
 * fixture bundle's `case-manager` role (so they may read every case, and in-app SLA warnings reach
 * them), and customer organizations whose persons are the cases' requesters (they have an e-mail
 * address and no account, as requesters who write in by mail).
 */
import type { Database } from '../engine/index.js';

export const PROVIDER = 'bench-provider';
export const DESK_TEAM = 'bench-desk';
const CUSTOMERS = 10;
const REQUESTERS_PER_CUSTOMER = 3;
const AGENTS = 2;

export interface ServiceDesk {
  /** Customer organization ids, each with its requesters. */
  requestersOf: Map<string, string[]>;
  agentUserIds: string[];
}

export async function seedServiceDesk(db: Database, at: string): Promise<ServiceDesk> {
  const org = (id: string, name: string) => ({ id, parent_id: null, path: `/${id}/`, code: id, name, status: 'active', created_at: at, updated_at: at });
  const person = (id: string, organization_id: string) => ({ id, organization_id, name: id, email: `${id}@example.test`, status: 'active', created_at: at, updated_at: at });
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => `bench-customer-${i + 1}`);
  await db.knex('organizations').insert([org(PROVIDER, 'Service provider'), ...customers.map((id, i) => org(id, `Customer ${i + 1}`))]);

  const requestersOf = new Map(customers.map((id) => [id, Array.from({ length: REQUESTERS_PER_CUSTOMER }, (_, i) => `${id}-requester-${i + 1}`)]));
  const agents = Array.from({ length: AGENTS }, (_, i) => `bench-agent-${i + 1}`);
  await db.knex('persons').insert([...agents.map((id) => person(id, PROVIDER)), ...[...requestersOf].flatMap(([organization, ids]) => ids.map((id) => person(id, organization)))]);

  await db.knex('teams').insert({ id: DESK_TEAM, organization_id: PROVIDER, name: 'Service desk', created_at: at });
  await db.knex('team_members').insert(agents.map((person_id) => ({ team_id: DESK_TEAM, person_id })));
  const agentUserIds = agents.map((id) => `${id}-user`);
  await db.knex('users').insert(
    agents.map((id, i) => ({ id: agentUserIds[i], login: id, person_id: id, kind: 'local', password_hash: null, status: 'active', failed_logins: 0, language: 'en', time_zone: 'UTC', created_at: at, updated_at: at })),
  );
  await db.knex('user_roles').insert(agentUserIds.map((user_id) => ({ user_id, role_id: 'case-manager' })));
  return { requestersOf, agentUserIds };
}
