/**
 * The administrators' endpoints for who uses Flowdesk: organizations (a tree), locations,
 * persons, teams and their members, user accounts (roles, allowed organizations, password reset,
 * unlock), the directory sync; and the person search every user's person picker needs, limited
 * to the caller's organizations. Accounts change here field by field, each through its own
 * endpoint: no endpoint that edits a profile takes a login, a password or a role.
 */
import { Type } from '@sinclair/typebox';
import { FlowdeskError } from '../../engine/index.js';
import { ADMIN_ROLE, type Caller } from '../access/caller.js';
import {
  LocationView,
  OrganizationView,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PersonView,
  ROLE_ID_PATTERN,
  TeamView,
  UserView,
  createIdentityStore,
  type DirectorySync,
  type UserStoreDeps,
} from '../identity/index.js';
import { Closed, Nullable, route, type ApiRoute } from './api-route.js';

export interface IdentityRoutesDeps extends UserStoreDeps {
  /** The LDAP sync, when a directory is configured. */
  directorySync?: DirectorySync | null;
}

const TAG = 'identity';
const Id = Type.String({ minLength: 1, maxLength: 36 });
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Email = Type.String({ format: 'email', maxLength: 254 });
const IdParams = Closed({ id: Id });
const Language = Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 10 });
const TimeZone = Type.String({ minLength: 1, maxLength: 64 });
const Role = Type.String({ pattern: ROLE_ID_PATTERN, maxLength: 100 });
const ActiveOrNot = Type.Union([Type.Literal('active'), Type.Literal('inactive')]);

/** An administrator's API token needs the `*` scope to change identities, `read` (or `*`) to read them. */
function checkTokenScope(caller: Caller, writes: boolean): void {
  if (caller.via.kind !== 'token') return;
  const { scopes } = caller.via;
  if (scopes.includes('*') || (!writes && scopes.includes('read'))) return;
  throw new FlowdeskError('FORBIDDEN', `this API token's scopes do not allow ${writes ? 'changing' : 'reading'} identities (needs ${writes ? '*' : 'read or *'})`);
}

export function identityRoutes(deps: IdentityRoutesDeps): ApiRoute[] {
  const store = createIdentityStore(deps);
  const admin = { tag: TAG, access: 'admin' as const };
  const reading = (caller: Caller | null) => checkTokenScope(caller!, false);
  const writing = (caller: Caller | null) => {
    checkTokenScope(caller!, true);
    return caller!.userId;
  };

  return [
    // Organizations
    route({
      ...admin,
      method: 'get',
      path: '/organizations',
      summary: 'Every organization, in tree order (by path)',
      response: Type.Object({ organizations: Type.Array(OrganizationView) }),
      async handler({ caller }) {
        reading(caller);
        return { organizations: await store.organizations.list() };
      },
    }),
    route({
      ...admin,
      method: 'post',
      path: '/organizations',
      summary: 'Create an organization, at the top or under a parent',
      status: 201,
      body: Closed({ name: Name, code: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$' })), parentId: Type.Optional(Nullable(Id)) }),
      response: OrganizationView,
      errors: ['REFERENCE_NOT_FOUND', 'IDENTITY_DUPLICATE'],
      async handler({ caller, body }) {
        return store.organizations.create(writing(caller), body);
      },
    }),
    route({
      ...admin,
      method: 'patch',
      path: '/organizations/:id',
      summary: 'Rename an organization, change its code or status',
      params: IdParams,
      body: Closed({ name: Type.Optional(Name), code: Type.Optional(Nullable(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$' }))), status: Type.Optional(ActiveOrNot) }),
      response: OrganizationView,
      errors: ['IDENTITY_DUPLICATE'],
      async handler({ caller, params, body }) {
        return store.organizations.update(writing(caller), params.id, body);
      },
    }),
    route({
      ...admin,
      method: 'post',
      path: '/organizations/:id/move',
      summary: 'Move an organization and its subtree under another parent (null: to the top)',
      params: IdParams,
      body: Closed({ parentId: Nullable(Id) }),
      response: OrganizationView,
      errors: ['REFERENCE_NOT_FOUND', 'ORGANIZATION_CYCLE'],
      async handler({ caller, params, body }) {
        return store.organizations.move(writing(caller), params.id, body.parentId);
      },
    }),

    // Locations
    route({
      ...admin,
      method: 'get',
      path: '/locations',
      summary: 'Locations, of one organization or all',
      query: Closed({ organizationId: Type.Optional(Id) }),
      response: Type.Object({ locations: Type.Array(LocationView) }),
      async handler({ caller, query }) {
        reading(caller);
        return { locations: await store.locations.list(query) };
      },
    }),
    route({
      ...admin,
      method: 'post',
      path: '/locations',
      summary: 'Create a location of an organization',
      status: 201,
      body: Closed({ organizationId: Id, name: Name, address: Type.Optional(Type.String({ maxLength: 500 })) }),
      response: LocationView,
      errors: ['REFERENCE_NOT_FOUND'],
      async handler({ caller, body }) {
        return store.locations.create(writing(caller), body);
      },
    }),
    route({
      ...admin,
      method: 'patch',
      path: '/locations/:id',
      summary: 'Change a location',
      params: IdParams,
      body: Closed({ organizationId: Type.Optional(Id), name: Type.Optional(Name), address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
      response: LocationView,
      errors: ['REFERENCE_NOT_FOUND'],
      async handler({ caller, params, body }) {
        return store.locations.update(writing(caller), params.id, body);
      },
    }),

    // Persons
    route({
      tag: TAG,
      access: 'user',
      method: 'get',
      path: '/persons',
      summary: "Find persons by part of their name or e-mail: in the caller's organizations (administrators: all)",
      query: Closed({
        q: Type.Optional(Type.String({ maxLength: 100 })),
        organizationId: Type.Optional(Id),
        includeInactive: Type.Optional(Type.Boolean()),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
      }),
      response: Type.Object({ persons: Type.Array(PersonView) }),
      errors: ['REFERENCE_OUT_OF_SCOPE'],
      async handler({ caller, query }) {
        reading(caller);
        const { isAdmin, organizationIds: own } = caller!;
        if (query.includeInactive && !isAdmin) throw new FlowdeskError('FORBIDDEN', 'only administrators see inactive persons');
        if (query.organizationId !== undefined && !isAdmin && !own.includes(query.organizationId)) throw new FlowdeskError('REFERENCE_OUT_OF_SCOPE', 'that organization is not one of yours');
        const organizationIds = query.organizationId !== undefined ? [query.organizationId] : isAdmin ? null : own;
        return { persons: await store.persons.search({ q: query.q, organizationIds, includeInactive: query.includeInactive ?? false, limit: query.limit ?? 50 }) };
      },
    }),
    route({
      ...admin,
      method: 'post',
      path: '/persons',
      summary: 'Create a person in an organization',
      status: 201,
      body: Closed({ organizationId: Id, name: Name, email: Type.Optional(Email), phone: Type.Optional(Type.String({ maxLength: 50 })), locationId: Type.Optional(Id), managerId: Type.Optional(Id) }),
      response: PersonView,
      errors: ['REFERENCE_NOT_FOUND'],
      async handler({ caller, body }) {
        return store.persons.create(writing(caller), body);
      },
    }),
    route({
      ...admin,
      method: 'patch',
      path: '/persons/:id',
      summary: 'Change a person (null clears an optional field)',
      params: IdParams,
      body: Closed({
        organizationId: Type.Optional(Id),
        name: Type.Optional(Name),
        email: Type.Optional(Nullable(Email)),
        phone: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
        locationId: Type.Optional(Nullable(Id)),
        managerId: Type.Optional(Nullable(Id)),
        status: Type.Optional(ActiveOrNot),
      }),
      response: PersonView,
      errors: ['REFERENCE_NOT_FOUND'],
      async handler({ caller, params, body }) {
        return store.persons.update(writing(caller), params.id, body);
      },
    }),

    // Teams
    route({
      ...admin,
      method: 'get',
      path: '/teams',
      summary: 'Teams with their members, of one organization or all',
      query: Closed({ organizationId: Type.Optional(Id) }),
      response: Type.Object({ teams: Type.Array(TeamView) }),
      async handler({ caller, query }) {
        reading(caller);
        return { teams: await store.teams.list(query) };
      },
    }),
    route({
      ...admin,
      method: 'post',
      path: '/teams',
      summary: 'Create a team in an organization',
      status: 201,
      body: Closed({ organizationId: Id, name: Name, email: Type.Optional(Email) }),
      response: TeamView,
      errors: ['REFERENCE_NOT_FOUND'],
      async handler({ caller, body }) {
        return store.teams.create(writing(caller), body);
      },
    }),
    route({
      ...admin,
      method: 'patch',
      path: '/teams/:id',
      summary: 'Change a team',
      params: IdParams,
      body: Closed({ organizationId: Type.Optional(Id), name: Type.Optional(Name), email: Type.Optional(Nullable(Email)) }),
      response: TeamView,
      errors: ['REFERENCE_NOT_FOUND'],
      async handler({ caller, params, body }) {
        return store.teams.update(writing(caller), params.id, body);
      },
    }),
    route({
      ...admin,
      method: 'put',
      path: '/teams/:id/members/:personId',
      summary: 'Add a person to a team',
      params: Closed({ id: Id, personId: Id }),
      response: TeamView,
      async handler({ caller, params }) {
        return store.teams.addMember(writing(caller), params.id, params.personId);
      },
    }),
    route({
      ...admin,
      method: 'delete',
      path: '/teams/:id/members/:personId',
      summary: 'Remove a person from a team',
      params: Closed({ id: Id, personId: Id }),
      response: TeamView,
      async handler({ caller, params }) {
        return store.teams.removeMember(writing(caller), params.id, params.personId);
      },
    }),

    route({
      tag: 'auth',
      access: 'user',
      method: 'patch',
      path: '/auth/me',
      summary: 'Change your own language and time zone (kept with your account, for every device)',
      body: Closed({ language: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])), timeZone: Type.Optional(TimeZone) }),
      status: 204,
      errors: ['INPUT_INVALID'],
      async handler({ caller, body }) {
        if (caller!.via.kind !== 'session') throw new FlowdeskError('FORBIDDEN', 'preferences are changed from a logged-in session, not with an API token');
        await store.users.update(caller!.userId, caller!.userId, body);
      },
    }),

    // Users
    route({
      ...admin,
      method: 'get',
      path: '/users',
      summary: 'Every user account, with roles and allowed organizations (never a password hash)',
      response: Type.Object({ users: Type.Array(UserView) }),
      async handler({ caller }) {
        reading(caller);
        return { users: await store.users.list() };
      },
    }),
    route({
      ...admin,
      method: 'get',
      path: '/users/:id',
      summary: 'One user account',
      params: IdParams,
      response: UserView,
      async handler({ caller, params }) {
        reading(caller);
        return store.users.get(params.id);
      },
    }),
    route({
      ...admin,
      method: 'post',
      path: '/users',
      summary: 'Create a local account with a password (directory accounts come from LDAP)',
      status: 201,
      body: Closed({
        login: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$' }),
        password: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
        personId: Type.Optional(Id),
        language: Type.Optional(Language),
        timeZone: Type.Optional(TimeZone),
        roles: Type.Optional(Type.Array(Role, { maxItems: 100, uniqueItems: true })),
        organizationIds: Type.Optional(Type.Array(Id, { maxItems: 1000, uniqueItems: true })),
      }),
      response: UserView,
      errors: ['REFERENCE_NOT_FOUND', 'IDENTITY_DUPLICATE'],
      async handler({ caller, body }) {
        return store.users.createLocal(writing(caller), body);
      },
    }),
    route({
      ...admin,
      method: 'patch',
      path: '/users/:id',
      summary: 'Change an account’s person, language, time zone or status (disabling ends its sessions)',
      params: IdParams,
      body: Closed({ personId: Type.Optional(Nullable(Id)), language: Type.Optional(Language), timeZone: Type.Optional(TimeZone), status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])) }),
      response: UserView,
      errors: ['REFERENCE_NOT_FOUND', 'LAST_ADMIN'],
      async handler({ caller, params, body }) {
        return store.users.update(writing(caller), params.id, body);
      },
    }),
    route({
      ...admin,
      method: 'put',
      path: '/users/:id/password',
      summary: 'Set a local account’s password (ends its sessions)',
      status: 204,
      params: IdParams,
      body: Closed({ password: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }) }),
      async handler({ caller, params, body }) {
        await store.users.setPassword(writing(caller), params.id, body.password);
      },
    }),
    route({
      ...admin,
      method: 'put',
      path: '/users/:id/roles',
      summary: 'Set an account’s roles (bundle role ids, or admin)',
      params: IdParams,
      body: Closed({ roles: Type.Array(Role, { maxItems: 100, uniqueItems: true }) }),
      response: UserView,
      errors: ['REFERENCE_NOT_FOUND', 'LAST_ADMIN'],
      async handler({ caller, params, body }) {
        return store.users.setRoles(writing(caller), params.id, body.roles);
      },
    }),
    route({
      ...admin,
      method: 'put',
      path: '/users/:id/organizations',
      summary: 'Set the organizations an account works for besides its person’s own',
      params: IdParams,
      body: Closed({ organizationIds: Type.Array(Id, { maxItems: 1000, uniqueItems: true }) }),
      response: UserView,
      errors: ['REFERENCE_NOT_FOUND'],
      async handler({ caller, params, body }) {
        return store.users.setOrganizations(writing(caller), params.id, body.organizationIds);
      },
    }),
    route({
      ...admin,
      method: 'post',
      path: '/users/:id/unlock',
      summary: 'Clear an account’s failed logins and lock',
      params: IdParams,
      response: UserView,
      async handler({ caller, params }) {
        return store.users.unlock(writing(caller), params.id);
      },
    }),
    route({
      ...admin,
      method: 'get',
      path: '/roles',
      summary: 'The role ids an account can be given: admin and those installed bundles declare',
      response: Type.Object({ roles: Type.Array(Type.String()) }),
      async handler({ caller }) {
        reading(caller);
        return { roles: [...new Set([ADMIN_ROLE, ...(await deps.roleIds())])].sort() };
      },
    }),
    route({
      ...admin,
      method: 'post',
      path: '/directory/sync',
      summary: 'Mirror the LDAP directory now: users, persons, teams, roles; accounts gone from it are disabled',
      errors: ['DIRECTORY_UNAVAILABLE'],
      async handler({ caller }) {
        const actor = writing(caller);
        if (!deps.directorySync) throw new FlowdeskError('NOT_FOUND', 'no LDAP directory is configured');
        return deps.directorySync.syncAll(actor);
      },
    }),
  ];
}
