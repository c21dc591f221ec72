/**
 * What a caller may do with records, from the grants of their roles: the scope every query on a
 * record type applies in its SQL (engine/records), and the checks on every id a caller sends
 * before anything is written — the record's organization, the person it is for, its team and
 * assignee (iTop CVE-2023-45808: a ticket created in another organization).
 */
import type { Knex } from 'knex';
import { FlowdeskError, type Database, type RecordScope, type ScopeTerm } from '../../engine/index.js';
import type { Caller } from './caller.js';
import type { Grant, GrantAction, RoleCatalog } from './role-catalog.js';

/** The references a new or changed record carries, as the caller sent them. */
export interface RecordPlacement {
  organizationId?: string | null;
  callerId?: string | null;
  teamId?: string | null;
  assigneeId?: string | null;
}

export interface RecordAccess {
  /** Which records of the type the caller may touch with the action; `none` when no grant allows it. */
  scopeFor(caller: Caller, recordType: string, action: GrantAction, knex?: Knex): Promise<RecordScope>;
  /**
   * Where a record the caller creates goes: defaults (their organization, themselves as the
   * person it is for), every reference checked against their create grants. Throws FORBIDDEN
   * without a create grant, REFERENCE_OUT_OF_SCOPE for a reference outside it.
   */
  placeNew(caller: Caller, recordType: string, wanted: RecordPlacement): Promise<Required<RecordPlacement>>;
  /** Checks changed references of an existing record against the caller's grants for the action. */
  checkPlacement(caller: Caller, recordType: string, action: GrantAction, changed: RecordPlacement): Promise<void>;
  /** Fields the caller may set with the action: every field (null), or the union the grants list. */
  writableFields(caller: Caller, recordType: string, action: GrantAction): Promise<ReadonlySet<string> | null>;
}

export function createRecordAccess({ db, roles }: { db: Database; roles: RoleCatalog }): RecordAccess {
  async function grantsOf(caller: Caller, recordType: string, action: GrantAction, knex?: Knex): Promise<Grant[] | 'all'> {
    if (!tokenAllows(caller, action)) return [];
    if (caller.isAdmin) return 'all';
    return roles.grantsFor(caller.roles, recordType, action, knex);
  }

  /** The organizations at or below the given ones (one prefix range per organization). */
  async function subtree(organizationIds: readonly string[], knex: Knex): Promise<string[]> {
    if (organizationIds.length === 0) return [];
    const roots = (await knex('organizations').whereIn('id', organizationIds).select('path')) as Array<{ path: string }>;
    if (roots.length === 0) return [];
    const query = knex('organizations').select('id');
    // An exact prefix test: LIKE would read `_` or `%` in a path as wildcards.
    for (const { path } of roots) query.orWhereRaw('substr(path, 1, ?) = ?', [path.length, path]);
    return ((await query) as Array<{ id: string }>).map((r) => r.id);
  }

  async function termsOf(caller: Caller, grant: Grant, knex: Knex): Promise<ScopeTerm[] | 'all'> {
    switch (grant.scope) {
      case 'all':
        return 'all';
      case 'own':
        return [...(caller.personId ? [{ callerPersonId: caller.personId }] : []), { createdByUserId: caller.userId }];
      case 'organization':
        return [{ organizationIds: caller.organizationIds }];
      case 'organization-tree':
        return [{ organizationIds: await subtree(caller.organizationIds, knex) }];
      case 'team':
        return [{ teamIds: caller.teamIds }];
    }
  }

  async function scopeFor(caller: Caller, recordType: string, action: GrantAction, knex: Knex = db.knex): Promise<RecordScope> {
    const grants = await grantsOf(caller, recordType, action, knex);
    if (grants === 'all') return { kind: 'all' };
    const terms: ScopeTerm[] = [];
    for (const grant of grants) {
      const more = await termsOf(caller, grant, knex);
      if (more === 'all') return { kind: 'all' };
      terms.push(...more);
    }
    return terms.length === 0 ? { kind: 'none' } : { kind: 'some', terms };
  }

  /** The organizations a caller may place records of the type in, with the action (null: any). */
  async function placeableOrganizations(caller: Caller, recordType: string, action: GrantAction): Promise<Set<string> | null> {
    const grants = await grantsOf(caller, recordType, action);
    if (grants === 'all' || grants.some((g) => g.scope === 'all')) return null;
    if (grants.length === 0) throw new FlowdeskError('FORBIDDEN', `no grant lets you ${action} ${recordType} records`);
    const wide = grants.some((g) => g.scope === 'organization-tree');
    return new Set(wide ? await subtree(caller.organizationIds, db.knex) : caller.organizationIds);
  }

  /** Persons, teams and users must belong to an organization the caller may place records in. */
  async function checkReferences(organizations: Set<string> | null, placement: RecordPlacement, ownOnly: { personId: string | null } | null): Promise<void> {
    const refuse = (what: string) => {
      throw new FlowdeskError('REFERENCE_OUT_OF_SCOPE', `${what} is not one you may use here`);
    };
    if (placement.organizationId != null) {
      const exists = await db.knex('organizations').where({ id: placement.organizationId }).first('id');
      if (!exists || (organizations && !organizations.has(placement.organizationId))) refuse('the organization');
    }
    const inReach = async (table: string, id: string | null | undefined, what: string) => {
      if (id == null) return;
      const row = (await db.knex(table).where({ id }).first('organization_id')) as { organization_id: string } | undefined;
      if (!row || (organizations && !organizations.has(row.organization_id))) refuse(what);
    };
    await inReach('persons', placement.callerId, 'the person');
    await inReach('teams', placement.teamId, 'the team');
    if (placement.assigneeId != null) {
      const user = (await db.knex('users').leftJoin('persons', 'persons.id', 'users.person_id').where('users.id', placement.assigneeId).first('persons.organization_id as organization_id')) as { organization_id: string | null } | undefined;
      if (!user || (organizations && (!user.organization_id || !organizations.has(user.organization_id)))) refuse('the assignee');
    }
    if (ownOnly && placement.callerId != null && placement.callerId !== ownOnly.personId) refuse('the person');
  }

  return {
    scopeFor,

    async placeNew(caller, recordType, wanted) {
      const organizations = await placeableOrganizations(caller, recordType, 'create');
      const grants = await grantsOf(caller, recordType, 'create');
      // Callers whose create grants are all `own` file records for themselves only.
      const ownOnly = grants !== 'all' && grants.every((g) => g.scope === 'own') ? { personId: caller.personId } : null;
      const placement: Required<RecordPlacement> = {
        organizationId: wanted.organizationId ?? caller.organizationId,
        callerId: wanted.callerId ?? caller.personId,
        teamId: wanted.teamId ?? null,
        assigneeId: wanted.assigneeId ?? null,
      };
      if (placement.organizationId === null) throw new FlowdeskError('INPUT_INVALID', 'say which organization the record belongs to');
      await checkReferences(organizations, placement, ownOnly);
      return placement;
    },

    async checkPlacement(caller, recordType, action, changed) {
      await checkReferences(await placeableOrganizations(caller, recordType, action), changed, null);
    },

    async writableFields(caller, recordType, action) {
      const grants = await grantsOf(caller, recordType, action);
      if (grants === 'all' || grants.some((g) => g.fields === undefined)) return null;
      return new Set(grants.flatMap((g) => g.fields ?? []));
    },
  };
}

/**
 * An API token may be limited to actions: its scopes are grant action names, `*` for all. A
 * session is never limited here.
 */
function tokenAllows(caller: Caller, action: GrantAction): boolean {
  if (caller.via.kind !== 'token') return true;
  return caller.via.scopes.includes('*') || caller.via.scopes.includes(action);
}
