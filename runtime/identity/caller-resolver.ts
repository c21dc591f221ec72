/**
 * From an authenticated user to the Caller every scoped query works with: their person and its
 * organization, the organizations they may also work for, their teams and roles. A disabled
 * account resolves to nobody.
 */
import type { Knex } from 'knex';
import { ADMIN_ROLE, type Caller } from '../access/caller.js';

interface UserRow {
  id: string;
  login: string;
  person_id: string | null;
  status: string;
  language: string;
  time_zone: string;
  organization_id: string | null;
}

export async function resolveCaller(knex: Knex, userId: string, via: Caller['via']): Promise<Caller | null> {
  const user = (await knex('users')
    .leftJoin('persons', 'persons.id', 'users.person_id')
    .where('users.id', userId)
    .first('users.id', 'users.login', 'users.person_id', 'users.status', 'users.language', 'users.time_zone', 'persons.organization_id')) as UserRow | undefined;
  if (!user || user.status !== 'active') return null;
  const [extraOrganizations, teams, roles] = await Promise.all([
    knex('user_organizations').where({ user_id: userId }).pluck('organization_id') as Promise<string[]>,
    user.person_id ? (knex('team_members').where({ person_id: user.person_id }).pluck('team_id') as Promise<string[]>) : Promise.resolve([]),
    knex('user_roles').where({ user_id: userId }).pluck('role_id') as Promise<string[]>,
  ]);
  const organizationIds = [...new Set([...(user.organization_id ? [user.organization_id] : []), ...extraOrganizations])];
  return {
    userId: user.id,
    login: user.login,
    personId: user.person_id,
    organizationId: user.organization_id,
    organizationIds,
    teamIds: teams.sort(),
    roles: roles.sort(),
    isAdmin: roles.includes(ADMIN_ROLE),
    via,
    language: user.language,
    timeZone: user.time_zone,
  };
}
