/**
 * Organizations as a tree. Each row keeps its `path`, the ids from the root down to itself
 * (`/root/…/this/`), so a subtree is one prefix range; moving an organization rewrites the paths
 * of its whole subtree in the same transaction, and a move under itself or its own descendant is
 * refused.
 */
import { v7 as uuidv7 } from 'uuid';
import { FlowdeskError, appendAudit, type Clock, type Database, type Transaction } from '../../engine/index.js';
import { LIKE_ESCAPE, changes, hasChanges, identityCommand, likeLiteral, referenced, target } from './identity-command.js';
import { organizationView, type OrganizationView } from './identity-views.js';

/** The path column's width: 18 levels of 37 characters fit. */
const MAX_PATH_LENGTH = 700;

export type OrganizationStatus = 'active' | 'inactive';

export interface OrganizationStore {
  list(): Promise<OrganizationView[]>;
  create(actor: string, input: { name: string; code?: string | undefined; parentId?: string | null | undefined }): Promise<OrganizationView>;
  update(actor: string, id: string, input: { name?: string | undefined; code?: string | null | undefined; status?: OrganizationStatus | undefined }): Promise<OrganizationView>;
  /** Moves the organization and its subtree under another parent (null: to the top). */
  move(actor: string, id: string, parentId: string | null): Promise<OrganizationView>;
}

interface OrganizationRow {
  id: string;
  parent_id: string | null;
  path: string;
  code: string | null;
  name: string;
  status: string;
  created_at: string;
  updated_at: string;
}

export function createOrganizationStore({ db, clock }: { db: Database; clock: Clock }): OrganizationStore {
  const forUpdate = <T extends { forUpdate(): T }>(query: T): T => (db.dialect === 'mysql' ? query.forUpdate() : query);

  async function refuseTakenCode(trx: Transaction, code: string | null | undefined, exceptId?: string): Promise<void> {
    if (code === undefined || code === null) return;
    const taken = (await trx('organizations').where({ code }).first('id')) as { id: string } | undefined;
    if (taken && taken.id !== exceptId) throw new FlowdeskError('IDENTITY_DUPLICATE', 'another organization has that code', { details: [{ pointer: 'body/code', message: 'is taken' }] });
  }

  return {
    async list() {
      return ((await db.knex('organizations').orderBy('path')) as OrganizationRow[]).map((row) => organizationView({ ...row }));
    },

    async create(actor, input) {
      return identityCommand(db, async (trx) => {
        const parent = input.parentId ? await referenced<OrganizationRow>(trx, 'organizations', input.parentId, 'body/parentId') : null;
        await refuseTakenCode(trx, input.code);
        const id = uuidv7();
        const path = `${parent?.path ?? '/'}${id}/`;
        if (path.length > MAX_PATH_LENGTH) throw new FlowdeskError('INPUT_INVALID', 'the organization tree would be too deep there', { details: [{ pointer: 'body/parentId', message: 'is too deep' }] });
        const now = clock.now().toISOString();
        const row: OrganizationRow = { id, parent_id: parent?.id ?? null, path, code: input.code ?? null, name: input.name, status: 'active', created_at: now, updated_at: now };
        await trx('organizations').insert(row);
        await appendAudit(trx, clock, { actor, action: 'organization.create', targetType: 'organization', targetId: id, details: { after: { parentId: row.parent_id, code: row.code, name: row.name } } });
        return organizationView({ ...row });
      });
    },

    async update(actor, id, input) {
      return identityCommand(db, async (trx) => {
        const row = await target<OrganizationRow>(trx, 'organizations', id);
        if (input.code !== row.code) await refuseTakenCode(trx, input.code, id);
        const diff = changes(row, { name: input.name, code: input.code, status: input.status });
        if (!hasChanges(diff)) return organizationView({ ...row });
        const updated = { ...row, ...diff.after, updated_at: clock.now().toISOString() };
        await trx('organizations').where({ id }).update({ ...diff.after, updated_at: updated.updated_at });
        await appendAudit(trx, clock, { actor, action: 'organization.update', targetType: 'organization', targetId: id, details: diff });
        return organizationView({ ...updated });
      });
    },

    async move(actor, id, parentId) {
      return identityCommand(db, async (trx) => {
        const row = await target<OrganizationRow>(trx, 'organizations', id);
        const parent = parentId === null ? null : await referenced<OrganizationRow>(trx, 'organizations', parentId, 'body/parentId');
        if (parent && parent.path.startsWith(row.path)) {
          throw new FlowdeskError('ORGANIZATION_CYCLE', 'an organization cannot move under itself or one of its sub-organizations', { details: [{ pointer: 'body/parentId', message: 'is inside the organization being moved' }] });
        }
        const newPath = `${parent?.path ?? '/'}${id}/`;
        if (newPath === row.path) return organizationView({ ...row });
        const subtree = (await forUpdate(trx('organizations').whereRaw(`path LIKE ? ESCAPE '${LIKE_ESCAPE}'`, [`${likeLiteral(row.path)}%`]).select('id', 'path'))) as Array<{ id: string; path: string }>;
        const deepest = Math.max(...subtree.map((o) => o.path.length)) - row.path.length + newPath.length;
        if (deepest > MAX_PATH_LENGTH) throw new FlowdeskError('INPUT_INVALID', 'the organization tree would be too deep there', { details: [{ pointer: 'body/parentId', message: 'is too deep' }] });
        const now = clock.now().toISOString();
        for (const member of subtree) {
          await trx('organizations').where({ id: member.id }).update({ path: `${newPath}${member.path.slice(row.path.length)}`, ...(member.id === id ? { parent_id: parent?.id ?? null, updated_at: now } : {}) });
        }
        await appendAudit(trx, clock, {
          actor,
          action: 'organization.move',
          targetType: 'organization',
          targetId: id,
          details: { before: { parentId: row.parent_id, path: row.path }, after: { parentId: parent?.id ?? null, path: newPath }, subtreeSize: subtree.length },
        });
        return organizationView({ ...row, parent_id: parent?.id ?? null, path: newPath, updated_at: now });
      });
    },
  };
}
