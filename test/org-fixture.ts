import type { Database } from '../engine/index.js';
import type { Caller } from '../runtime/access/caller.js';

/**
 * A provider and two customers, the first with a branch below it, written straight into the
 * identity tables: P (the service provider), A with A-East below it, and B. Persons ann (A),
 * amy (A-East), bob (B), sam (P, in team `desk`); `callerFor` builds the Caller the
 * authentication middleware would make for a person with the given roles.
 */
export const ORGS = { provider: 'org-p', a: 'org-a', aEast: 'org-a-east', b: 'org-b' } as const;
export const PERSONS = { ann: 'person-ann', amy: 'person-amy', bob: 'person-bob', sam: 'person-sam' } as const;
export const TEAMS = { desk: 'team-desk', bTeam: 'team-b' } as const;

const PERSON_ORG: Record<string, string> = { [PERSONS.ann]: ORGS.a, [PERSONS.amy]: ORGS.aEast, [PERSONS.bob]: ORGS.b, [PERSONS.sam]: ORGS.provider };

export async function seedOrganizations(db: Database): Promise<void> {
  const at = '2026-01-01T00:00:00.000Z';
  const org = (id: string, path: string, parent: string | null, name: string) => ({ id, parent_id: parent, path, code: id, name, status: 'active', created_at: at, updated_at: at });
  await db.knex('organizations').insert([org(ORGS.provider, `/${ORGS.provider}/`, null, 'Provider'), org(ORGS.a, `/${ORGS.a}/`, null, 'Customer A'), org(ORGS.b, `/${ORGS.b}/`, null, 'Customer B')]);
  await db.knex('organizations').insert(org(ORGS.aEast, `/${ORGS.a}/${ORGS.aEast}/`, ORGS.a, 'Customer A East'));
  await db.knex('persons').insert(Object.entries(PERSON_ORG).map(([id, organization_id]) => ({ id, organization_id, name: id.replace('person-', ''), email: `${id}@example.test`, status: 'active', created_at: at, updated_at: at })));
  await db.knex('teams').insert([
    { id: TEAMS.desk, organization_id: ORGS.provider, name: 'Service desk', created_at: at },
    { id: TEAMS.bTeam, organization_id: ORGS.b, name: 'B local IT', created_at: at },
  ]);
  await db.knex('team_members').insert({ team_id: TEAMS.desk, person_id: PERSONS.sam });
  for (const personId of Object.values(PERSONS)) {
    await db.knex('users').insert({ id: userIdOf(personId), login: personId.replace('person-', ''), person_id: personId, kind: 'local', password_hash: null, status: 'active', failed_logins: 0, language: 'en', time_zone: 'UTC', created_at: at, updated_at: at });
  }
}

export function userIdOf(personId: string): string {
  return personId.replace('person-', 'user-');
}

/** The caller of a person's account with these roles; `extraOrganizations` as iTop's allowed organizations. */
export function callerFor(personId: string, roles: string[], options: { extraOrganizations?: string[]; tokenScopes?: string[] } = {}): Caller {
  const organizationId = PERSON_ORG[personId]!;
  return {
    userId: userIdOf(personId),
    login: personId.replace('person-', ''),
    personId,
    organizationId,
    organizationIds: [organizationId, ...(options.extraOrganizations ?? [])],
    teamIds: personId === PERSONS.sam ? [TEAMS.desk] : [],
    roles,
    isAdmin: roles.includes('admin'),
    via: options.tokenScopes ? { kind: 'token', tokenId: 'token-1', scopes: options.tokenScopes } : { kind: 'session', sessionId: 'session-1' },
    language: 'en',
    timeZone: 'UTC',
  };
}
