/**
 * How organizations, locations, persons, teams and users look in the API (TypeBox schemas and the
 * types derived from them), and the mapping from their rows. A user's view never holds a
 * password hash; nothing here holds a secret.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String();
const Instant = Type.String({ format: 'date-time' });

export const OrganizationView = Type.Object({
  id: Id,
  parentId: Nullable(Id),
  /** The ids from the root down to this one: `/root/…/this/`. */
  path: Type.String(),
  code: Nullable(Type.String()),
  name: Type.String(),
  status: Type.String(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type OrganizationView = Static<typeof OrganizationView>;

export const LocationView = Type.Object({ id: Id, organizationId: Id, name: Type.String(), address: Nullable(Type.String()), createdAt: Instant });
export type LocationView = Static<typeof LocationView>;

export const PersonView = Type.Object({
  id: Id,
  organizationId: Id,
  name: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  locationId: Nullable(Id),
  managerId: Nullable(Id),
  status: Type.String(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type PersonView = Static<typeof PersonView>;

export const TeamView = Type.Object({ id: Id, organizationId: Id, name: Type.String(), email: Nullable(Type.String()), memberIds: Type.Array(Id), createdAt: Instant });
export type TeamView = Static<typeof TeamView>;

export const UserView = Type.Object({
  id: Id,
  login: Type.String(),
  personId: Nullable(Id),
  kind: Type.Union([Type.Literal('local'), Type.Literal('ldap')]),
  ldapDn: Nullable(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  failedLogins: Type.Integer(),
  lockedUntil: Nullable(Instant),
  language: Type.String(),
  timeZone: Type.String(),
  lastLoginAt: Nullable(Instant),
  roles: Type.Array(Type.String()),
  /** Organizations the account works for besides its person's own. */
  organizationIds: Type.Array(Id),
  createdAt: Instant,
  updatedAt: Instant,
});
export type UserView = Static<typeof UserView>;

type Row = Record<string, unknown>;
const text = (row: Row, key: string): string => String(row[key]);
const maybe = (row: Row, key: string): string | null => (row[key] === null || row[key] === undefined ? null : String(row[key]));

export function organizationView(row: Row): OrganizationView {
  return {
    id: text(row, 'id'),
    parentId: maybe(row, 'parent_id'),
    path: text(row, 'path'),
    code: maybe(row, 'code'),
    name: text(row, 'name'),
    status: text(row, 'status'),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}

export function locationView(row: Row): LocationView {
  return { id: text(row, 'id'), organizationId: text(row, 'organization_id'), name: text(row, 'name'), address: maybe(row, 'address'), createdAt: text(row, 'created_at') };
}

export function personView(row: Row): PersonView {
  return {
    id: text(row, 'id'),
    organizationId: text(row, 'organization_id'),
    name: text(row, 'name'),
    email: maybe(row, 'email'),
    phone: maybe(row, 'phone'),
    locationId: maybe(row, 'location_id'),
    managerId: maybe(row, 'manager_id'),
    status: text(row, 'status'),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}

export function teamView(row: Row, memberIds: string[]): TeamView {
  return { id: text(row, 'id'), organizationId: text(row, 'organization_id'), name: text(row, 'name'), email: maybe(row, 'email'), memberIds: [...memberIds].sort(), createdAt: text(row, 'created_at') };
}

export function userView(row: Row, roles: string[], organizationIds: string[]): UserView {
  return {
    id: text(row, 'id'),
    login: text(row, 'login'),
    personId: maybe(row, 'person_id'),
    kind: text(row, 'kind') as UserView['kind'],
    ldapDn: maybe(row, 'ldap_dn'),
    status: text(row, 'status') as UserView['status'],
    failedLogins: Number(row['failed_logins']),
    lockedUntil: maybe(row, 'locked_until'),
    language: text(row, 'language'),
    timeZone: text(row, 'time_zone'),
    lastLoginAt: maybe(row, 'last_login_at'),
    roles: [...roles].sort(),
    organizationIds: [...organizationIds].sort(),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}
