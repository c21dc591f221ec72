/**
 * The roles installed bundles declare (roles.json), by role id: what each grants on which record
 * type. Read from the newest installed version of each bundle and cached until the set of
 * installed versions changes.
 */
import type { BundleRegistry } from '../../engine/index.js';

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
  /** Grants of these roles on a record type that allow the action. */
  grantsFor(roles: readonly string[], recordType: string, action: GrantAction): Promise<Grant[]>;
  /** Every role id any installed bundle declares. */
  roleIds(): Promise<string[]>;
}

interface RolesFile {
  roles: Array<{ id: string; grants: Grant[] }>;
}

interface ManifestContents {
  contents?: { roles?: string[] };
}

/** How long the installed versions are trusted before they are listed again (a scope is asked for on every request). */
const RECHECK_MS = 1000;

export function createRoleCatalog(registry: BundleRegistry, now: () => number = Date.now): RoleCatalog {
  let cached: { key: string; roles: Map<string, Grant[]> } | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;

  async function load(): Promise<Map<string, Grant[]>> {
    if (cached && now() - checkedAt < RECHECK_MS) return cached.roles;
    checkedAt = now();
    const versions = await registry.listVersions();
    const newest = new Map<string, (typeof versions)[number]>();
    for (const version of versions) if (!newest.has(version.name)) newest.set(version.name, version); // newest first per name
    const key = [...newest.values()].map((v) => v.contentHash).join(',');
    if (cached?.key === key) return cached.roles;
    const roles = new Map<string, Grant[]>();
    for (const { name } of newest.values()) {
      const { files } = await registry.readFiles(name);
      const read = <T>(path: string) => JSON.parse(Buffer.from(files.get(path)!).toString('utf8')) as T;
      // The registry validated every file against its schema when the bundle was installed.
      for (const path of read<ManifestContents>('bundle.json').contents?.roles ?? []) {
        for (const role of read<RolesFile>(path).roles) roles.set(role.id, [...(roles.get(role.id) ?? []), ...role.grants]);
      }
    }
    cached = { key, roles };
    return roles;
  }

  return {
    async grantsFor(roleIds, recordType, action) {
      const roles = await load();
      return roleIds.flatMap((id) => roles.get(id) ?? []).filter((g) => g.recordType === recordType && g.actions.includes(action));
    },
    async roleIds() {
      return [...(await load()).keys()].sort();
    },
  };
}
