/**
 * Who uses Flowdesk, modelled on iTop: organizations (a tree), their locations, persons, teams
 * and user accounts. Every write is one transaction that checks each id it is given and appends
 * its audit row (before and after, never a secret).
 */
import { createLocationStore, type LocationStore } from './location-store.js';
import { createOrganizationStore, type OrganizationStore } from './organization-store.js';
import { createPersonStore, type PersonStore } from './person-store.js';
import { createTeamStore, type TeamStore } from './team-store.js';
import { createUserStore, type UserStore, type UserStoreDeps } from './user-store.js';

export interface IdentityStore {
  organizations: OrganizationStore;
  locations: LocationStore;
  persons: PersonStore;
  teams: TeamStore;
  users: UserStore;
}

export function createIdentityStore(deps: UserStoreDeps): IdentityStore {
  return {
    organizations: createOrganizationStore(deps),
    locations: createLocationStore(deps),
    persons: createPersonStore(deps),
    teams: createTeamStore(deps),
    users: createUserStore(deps),
  };
}
