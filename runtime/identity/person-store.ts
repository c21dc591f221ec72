/**
 * Persons: the people Flowdesk knows, each in one organization, with a location and a manager.
 * A user account logs in as a person; a person needs no account.
 */
import { v7 as uuidv7 } from 'uuid';
import { FlowdeskError, appendAudit, type Clock, type Database, type Transaction } from '../../engine/index.js';
import { LIKE_ESCAPE, changes, hasChanges, identityCommand, likeLiteral, referenced, target } from './identity-command.js';
import { personView, type PersonView } from './identity-views.js';

export type PersonStatus = 'active' | 'inactive';

export interface PersonFields {
  organizationId: string;
  name: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  locationId?: string | null | undefined;
  managerId?: string | null | undefined;
}

export interface PersonSearch {
  /** Part of the name or e-mail address. */
  q?: string | undefined;
  /** Only persons of these organizations; null: of any. */
  organizationIds: readonly string[] | null;
  includeInactive: boolean;
  limit: number;
}

export interface PersonStore {
  search(filter: PersonSearch): Promise<PersonView[]>;
  create(actor: string, input: PersonFields): Promise<PersonView>;
  update(actor: string, id: string, input: Partial<PersonFields> & { status?: PersonStatus | undefined }): Promise<PersonView>;
}

interface PersonRow {
  id: string;
  organization_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  location_id: string | null;
  manager_id: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

/** How far a manager chain is followed looking for a cycle. */
const MAX_MANAGER_CHAIN = 100;

export function createPersonStore({ db, clock }: { db: Database; clock: Clock }): PersonStore {
  async function checkReferences(trx: Transaction, input: Partial<PersonFields>, personId?: string): Promise<void> {
    if (input.organizationId !== undefined) await referenced(trx, 'organizations', input.organizationId, 'body/organizationId');
    if (input.locationId) await referenced(trx, 'locations', input.locationId, 'body/locationId');
    if (!input.managerId) return;
    await referenced(trx, 'persons', input.managerId, 'body/managerId');
    // A manager chain that comes back to the person would make "my team's manager" loop.
    let next: string | null = input.managerId;
    for (let step = 0; next !== null && step < MAX_MANAGER_CHAIN; step += 1) {
      if (next === personId) throw new FlowdeskError('INPUT_INVALID', 'a person cannot be their own (indirect) manager', { details: [{ pointer: 'body/managerId', message: 'is managed by this person' }] });
      const row = (await trx('persons').where({ id: next }).first('manager_id')) as { manager_id: string | null } | undefined;
      next = row?.manager_id ?? null;
    }
  }

  return {
    async search(filter) {
      const query = db.knex('persons').orderBy('name').orderBy('id').limit(filter.limit);
      if (filter.organizationIds !== null) query.whereIn('organization_id', [...filter.organizationIds]);
      if (!filter.includeInactive) query.where({ status: 'active' });
      if (filter.q) {
        const pattern = `%${likeLiteral(filter.q)}%`;
        query.where((where) => where.whereRaw(`name LIKE ? ESCAPE '${LIKE_ESCAPE}'`, [pattern]).orWhereRaw(`email LIKE ? ESCAPE '${LIKE_ESCAPE}'`, [pattern]));
      }
      return ((await query) as PersonRow[]).map((row) => personView({ ...row }));
    },

    async create(actor, input) {
      return identityCommand(db, async (trx) => {
        await checkReferences(trx, input);
        const now = clock.now().toISOString();
        const row: PersonRow = {
          id: uuidv7(),
          organization_id: input.organizationId,
          name: input.name,
          email: input.email ?? null,
          phone: input.phone ?? null,
          location_id: input.locationId ?? null,
          manager_id: input.managerId ?? null,
          status: 'active',
          created_at: now,
          updated_at: now,
        };
        await trx('persons').insert(row);
        const { id: _id, created_at: _c, updated_at: _u, ...after } = row;
        await appendAudit(trx, clock, { actor, action: 'person.create', targetType: 'person', targetId: row.id, details: { after } });
        return personView({ ...row });
      });
    },

    async update(actor, id, input) {
      return identityCommand(db, async (trx) => {
        const row = await target<PersonRow>(trx, 'persons', id);
        await checkReferences(trx, input, id);
        const diff = changes(row, {
          organization_id: input.organizationId,
          name: input.name,
          email: input.email,
          phone: input.phone,
          location_id: input.locationId,
          manager_id: input.managerId,
          status: input.status,
        });
        if (!hasChanges(diff)) return personView({ ...row });
        const updatedAt = clock.now().toISOString();
        await trx('persons').where({ id }).update({ ...diff.after, updated_at: updatedAt });
        await appendAudit(trx, clock, { actor, action: 'person.update', targetType: 'person', targetId: id, details: diff });
        return personView({ ...row, ...diff.after, updated_at: updatedAt });
      });
    },
  };
}
