/** Locations (sites, buildings) of an organization. */
import { v7 as uuidv7 } from 'uuid';
import { appendAudit, type Clock, type Database } from '../../engine/index.js';
import { changes, hasChanges, identityCommand, referenced, target } from './identity-command.js';
import { locationView, type LocationView } from './identity-views.js';

export interface LocationStore {
  list(filter: { organizationId?: string | undefined }): Promise<LocationView[]>;
  create(actor: string, input: { organizationId: string; name: string; address?: string | undefined }): Promise<LocationView>;
  update(actor: string, id: string, input: { organizationId?: string | undefined; name?: string | undefined; address?: string | null | undefined }): Promise<LocationView>;
}

interface LocationRow {
  id: string;
  organization_id: string;
  name: string;
  address: string | null;
  created_at: string;
}

export function createLocationStore({ db, clock }: { db: Database; clock: Clock }): LocationStore {
  return {
    async list(filter) {
      const query = db.knex('locations').orderBy('name').orderBy('id');
      if (filter.organizationId !== undefined) query.where({ organization_id: filter.organizationId });
      return ((await query) as LocationRow[]).map((row) => locationView({ ...row }));
    },

    async create(actor, input) {
      return identityCommand(db, async (trx) => {
        await referenced(trx, 'organizations', input.organizationId, 'body/organizationId');
        const row: LocationRow = { id: uuidv7(), organization_id: input.organizationId, name: input.name, address: input.address ?? null, created_at: clock.now().toISOString() };
        await trx('locations').insert(row);
        await appendAudit(trx, clock, { actor, action: 'location.create', targetType: 'location', targetId: row.id, details: { after: { organizationId: row.organization_id, name: row.name, address: row.address } } });
        return locationView({ ...row });
      });
    },

    async update(actor, id, input) {
      return identityCommand(db, async (trx) => {
        const row = await target<LocationRow>(trx, 'locations', id);
        if (input.organizationId !== undefined) await referenced(trx, 'organizations', input.organizationId, 'body/organizationId');
        const diff = changes(row, { organization_id: input.organizationId, name: input.name, address: input.address });
        if (!hasChanges(diff)) return locationView({ ...row });
        await trx('locations').where({ id }).update(diff.after);
        await appendAudit(trx, clock, { actor, action: 'location.update', targetType: 'location', targetId: id, details: diff });
        return locationView({ ...row, ...diff.after });
      });
    },
  };
}
