/**
 * The roles installed bundles declare (roles.json), by role id: what each grants on which record
 * type. Read from the newest installed version of each bundle and cached until the set of
 * installed versions changes.
 */
import type { Knex } from 'knex';
import { createInstalledDefinitions, type InstalledRegistry } from '../../engine/index.js';

export type GrantAction = 'read' | 'create' | 'update' | 'assign' | 'comment' | 'work-note' | 'attach' | 'delete' | 'export' | 'cancel';
export type GrantScope = 'own' | 'organization' | 'organization-tree' | 'team' | 'all';

export interface Grant {
  recordType: string;
  actions: readonly GrantAction[];
  scope: GrantScope;
  /** When set, create and update may set only these fields. */
  fields?: readonly string[];
}

export interface RoleCatalog {
  /** Grants of these roles on a record type that allow the action; `knex` when asked inside a transaction. */
  grantsFor(roles: readonly string[], recordType: string, action: GrantAction, knex?: Knex): Promise<Grant[]>;
  /** Every role id any installed bundle declares. */
  roleIds(): Promise<string[]>;
}

interface RolesFile {
  roles: Array<{ id: string; grants: Grant[] }>;
}

/** How long the installed versions are trusted before they are listed again (a scope is asked for on every request). */
const RECHECK_MS = 1000;

export function createRoleCatalog(registry: InstalledRegistry, now: () => number = Date.now): RoleCatalog {
  const installed = createInstalledDefinitions(
    registry,
    (bundles) => {
      const roles = new Map<string, Grant[]>();
      // The registry validated every file against its schema when the bundle was installed.
      for (const bundle of bundles) {
        for (const path of bundle.manifest.contents.roles ?? []) {
          for (const role of bundle.json<RolesFile>(path).roles) roles.set(role.id, [...(roles.get(role.id) ?? []), ...role.grants]);
        }
      }
      return roles;
    },
    { maxAgeMs: RECHECK_MS, clock: { now: () => new Date(now()) } },
  );

  return {
    async grantsFor(roleIds, recordType, action, knex) {
      const roles = await installed.get(knex);
      return roleIds.flatMap((id) => roles.get(id) ?? []).filter((g) => g.recordType === recordType && g.actions.includes(action));
    },
    async roleIds() {
      return [...(await installed.get()).keys()].sort();
    },
  };
}
