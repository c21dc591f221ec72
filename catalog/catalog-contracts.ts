/**
 * Customer contracts, kept by administrators: an organization may request the services a contract
 * lists (it and every organization below it), while the contract is active and in date, each
 * service optionally under another SLA policy. Every write checks what it names, writes the
 * contract and its services and the audit row in one transaction.
 */
import { v7 as uuidv7 } from 'uuid';
import { appendAudit, FlowdeskError, inTransaction, type Clock, type Database, type InstalledDefinitions, type Transaction } from '../engine/index.js';
import type { Knex } from 'knex';
import type { CatalogDefinitions } from './catalog-definitions.js';
import { assertDay, assertRowExists, assertServiceExists, qualifiedPolicy } from './catalog-references.js';
import type { ContractPatch, ContractView, NewContract } from './catalog-schemas.js';

export interface ContractStore {
  /** Contracts of one organization or all, by name. */
  list(filter?: { organizationId?: string | undefined }): Promise<ContractView[]>;
  /** @throws NOT_FOUND */
  get(id: string): Promise<ContractView>;
  /** @throws REFERENCE_NOT_FOUND (organization, service, SLA policy), INPUT_INVALID (dates, a service listed twice) */
  create(actor: string, input: NewContract): Promise<ContractView>;
  /** @throws NOT_FOUND, REFERENCE_NOT_FOUND, INPUT_INVALID */
  update(actor: string, id: string, patch: ContractPatch): Promise<ContractView>;
}

export interface CatalogStoreDeps {
  db: Database;
  clock: Clock;
  definitions: InstalledDefinitions<CatalogDefinitions>;
}

interface ContractRow {
  id: string;
  organization_id: string;
  name: string;
  status: 'active' | 'inactive';
  starts_on: string;
  ends_on: string | null;
  created_at: string;
  updated_at: string;
}

type ContractServices = ContractView['services'];

const viewOf = (row: ContractRow, services: ContractServices): ContractView => ({
  id: row.id,
  organizationId: row.organization_id,
  name: row.name,
  status: row.status,
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  services,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

async function servicesOf(knex: Knex, contractIds: string[]): Promise<Map<string, ContractServices>> {
  const byContract = new Map<string, ContractServices>(contractIds.map((id) => [id, []]));
  if (contractIds.length === 0) return byContract;
  const rows = (await knex('catalog_contract_services').whereIn('contract_id', contractIds)) as Array<{ contract_id: string; service: string; sla_policy: string | null }>;
  // Sorted here, not in SQL: the collations of SQLite and MySQL order punctuation differently.
  rows.sort((a, b) => (a.service < b.service ? -1 : 1));
  for (const row of rows) byContract.get(row.contract_id)?.push({ service: row.service, slaPolicy: row.sla_policy });
  return byContract;
}

export function createContractStore({ db, clock, definitions }: CatalogStoreDeps): ContractStore {
  /** The services as stored (by id): each installed, listed once, its SLA policy installed and qualified. */
  async function checkedServices(trx: Transaction, services: NewContract['services']): Promise<ContractServices> {
    const installed = await definitions.get(trx);
    const seen = new Set<string>();
    const checked = services.map(({ service, slaPolicy }, i) => {
      const pointer = `body/services/${i}`;
      if (seen.has(service)) throw new FlowdeskError('INPUT_INVALID', `service "${service}" is listed twice`, { details: [{ pointer: `${pointer}/service`, message: 'is listed twice' }] });
      seen.add(service);
      assertServiceExists(installed, service, `${pointer}/service`);
      return { service, slaPolicy: slaPolicy ? qualifiedPolicy(installed, slaPolicy, `${pointer}/slaPolicy`) : null };
    });
    return checked.sort((a, b) => (a.service < b.service ? -1 : 1));
  }

  function checkDates(startsOn: string, endsOn: string | null): void {
    assertDay(startsOn, 'body/startsOn');
    if (endsOn === null) return;
    assertDay(endsOn, 'body/endsOn');
    if (endsOn < startsOn) throw new FlowdeskError('INPUT_INVALID', 'a contract cannot end before it starts', { details: [{ pointer: 'body/endsOn', message: 'is before startsOn' }] });
  }

  async function replaceServices(trx: Transaction, contractId: string, services: ContractServices): Promise<void> {
    await trx('catalog_contract_services').where({ contract_id: contractId }).delete();
    if (services.length > 0) await trx('catalog_contract_services').insert(services.map((s) => ({ contract_id: contractId, service: s.service, sla_policy: s.slaPolicy })));
  }

  async function read(knex: Knex, id: string): Promise<ContractView> {
    const row = (await knex('catalog_contracts').where({ id }).first()) as ContractRow | undefined;
    if (!row) throw new FlowdeskError('NOT_FOUND', 'no contract with that id');
    return viewOf(row, (await servicesOf(knex, [id])).get(id)!);
  }

  return {
    async list(filter = {}) {
      const query = db.knex('catalog_contracts').orderBy('name').orderBy('id');
      if (filter.organizationId !== undefined) query.where({ organization_id: filter.organizationId });
      const rows = (await query) as ContractRow[];
      const services = await servicesOf(db.knex, rows.map((r) => r.id));
      return rows.map((row) => viewOf(row, services.get(row.id)!));
    },

    get: (id) => read(db.knex, id),

    async create(actor, input) {
      checkDates(input.startsOn, input.endsOn ?? null);
      return inTransaction(db, async (trx) => {
        await assertRowExists(trx, 'organizations', input.organizationId, 'body/organizationId');
        const services = await checkedServices(trx, input.services);
        const now = clock.now().toISOString();
        const row: ContractRow = { id: uuidv7(), organization_id: input.organizationId, name: input.name, status: input.status ?? 'active', starts_on: input.startsOn, ends_on: input.endsOn ?? null, created_at: now, updated_at: now };
        await trx('catalog_contracts').insert(row);
        await replaceServices(trx, row.id, services);
        const view = viewOf(row, services);
        await appendAudit(trx, clock, { actor, action: 'catalog.contract.create', targetType: 'catalog_contract', targetId: row.id, details: { after: view } });
        return view;
      });
    },

    async update(actor, id, patch) {
      return inTransaction(db, async (trx) => {
        const before = await read(trx, id);
        const startsOn = patch.startsOn ?? before.startsOn;
        const endsOn = patch.endsOn === undefined ? before.endsOn : patch.endsOn;
        checkDates(startsOn, endsOn);
        const services = patch.services ? await checkedServices(trx, patch.services) : before.services;
        const after: ContractView = { ...before, name: patch.name ?? before.name, status: patch.status ?? before.status, startsOn, endsOn, services, updatedAt: clock.now().toISOString() };
        const { updatedAt: _was, ...beforeContent } = before;
        const { updatedAt: _now, ...afterContent } = after;
        if (JSON.stringify(beforeContent) === JSON.stringify(afterContent)) return before;
        await trx('catalog_contracts').where({ id }).update({ name: after.name, status: after.status, starts_on: startsOn, ends_on: endsOn, updated_at: after.updatedAt });
        if (patch.services) await replaceServices(trx, id, services);
        await appendAudit(trx, clock, { actor, action: 'catalog.contract.update', targetType: 'catalog_contract', targetId: id, details: { before, after } });
        return after;
      });
    },
  };
}
