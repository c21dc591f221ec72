/**
 * Delivery models, kept by administrators: which team delivers a service to a customer
 * organization (and to the organizations below it that have no row of their own). One row per
 * organization and service; setting it again changes the team.
 */
import { appendAudit, FlowdeskError, inTransaction } from '../engine/index.js';
import type { CatalogStoreDeps } from './catalog-contracts.js';
import { assertRowExists, assertServiceExists } from './catalog-references.js';
import type { DeliveryView } from './catalog-schemas.js';

export interface DeliveryStore {
  list(filter?: { organizationId?: string | undefined; service?: string | undefined }): Promise<DeliveryView[]>;
  /** Creates or changes the row. @throws REFERENCE_NOT_FOUND (organization, service, team) */
  set(actor: string, input: { organizationId: string; service: string; teamId: string }): Promise<DeliveryView>;
  /** @throws NOT_FOUND */
  remove(actor: string, organizationId: string, service: string): Promise<void>;
}

interface DeliveryRow {
  organization_id: string;
  service: string;
  team_id: string;
  created_at: string;
  updated_at: string;
}

const viewOf = (row: DeliveryRow): DeliveryView => ({ organizationId: row.organization_id, service: row.service, teamId: row.team_id, createdAt: row.created_at, updatedAt: row.updated_at });
const TARGET = 'catalog_delivery';
const targetId = (organizationId: string, service: string) => `${organizationId}/${service}`;

export function createDeliveryStore({ db, clock, definitions }: CatalogStoreDeps): DeliveryStore {
  return {
    async list(filter = {}) {
      const query = db.knex('catalog_delivery');
      if (filter.organizationId !== undefined) query.where({ organization_id: filter.organizationId });
      if (filter.service !== undefined) query.where({ service: filter.service });
      const rows = (await query) as DeliveryRow[];
      return rows.sort((a, b) => (a.organization_id === b.organization_id ? (a.service < b.service ? -1 : 1) : a.organization_id < b.organization_id ? -1 : 1)).map(viewOf);
    },

    async set(actor, { organizationId, service, teamId }) {
      return inTransaction(db, async (trx) => {
        await assertRowExists(trx, 'organizations', organizationId, 'params/organizationId');
        assertServiceExists(await definitions.get(trx), service, 'params/service');
        await assertRowExists(trx, 'teams', teamId, 'body/teamId');
        const key = { organization_id: organizationId, service };
        const before = (await trx('catalog_delivery').where(key).first()) as DeliveryRow | undefined;
        if (before?.team_id === teamId) return viewOf(before);
        const now = clock.now().toISOString();
        const row: DeliveryRow = { ...key, team_id: teamId, created_at: before?.created_at ?? now, updated_at: now };
        if (before) await trx('catalog_delivery').where(key).update({ team_id: teamId, updated_at: now });
        else await trx('catalog_delivery').insert(row);
        await appendAudit(trx, clock, { actor, action: 'catalog.delivery.set', targetType: TARGET, targetId: targetId(organizationId, service), details: { before: before ? viewOf(before) : null, after: viewOf(row) } });
        return viewOf(row);
      });
    },

    async remove(actor, organizationId, service) {
      await inTransaction(db, async (trx) => {
        const before = (await trx('catalog_delivery').where({ organization_id: organizationId, service }).first()) as DeliveryRow | undefined;
        if (!before) throw new FlowdeskError('NOT_FOUND', 'no delivery row for that organization and service');
        await trx('catalog_delivery').where({ organization_id: organizationId, service }).delete();
        await appendAudit(trx, clock, { actor, action: 'catalog.delivery.remove', targetType: TARGET, targetId: targetId(organizationId, service), details: { before: viewOf(before) } });
      });
    },
  };
}
