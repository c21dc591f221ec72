/**
 * The service catalog as a requester sees it: the entries their organization may request —
 * through an active, in-date contract of it or of an organization above it, and, where an entry
 * names roles, holding one of them — as a family → service → subcategory tree, searched, and
 * resolved to what a new piece of work starts with. An entry not offered to the requester is
 * answered exactly like one that does not exist.
 */
import type { Knex } from 'knex';
import { FlowdeskError, localeOf, type Clock, type Database, type InstalledRegistry, type Locale } from '../engine/index.js';
import { createContractStore, type ContractStore } from './catalog-contracts.js';
import { createCatalogDefinitionSource, refOf, type CatalogDefinitions, type InstalledEntry } from './catalog-definitions.js';
import { createDeliveryStore, type DeliveryStore } from './catalog-delivery.js';
import { deliveringTeam, offerFor, todayOf, type Offer } from './catalog-offer.js';
import type { DefinitionRef, OfferedCatalog, OfferedEntry, ResolvedEntry } from './catalog-schemas.js';
import { MAX_QUERY_LENGTH, MAX_SEARCH_RESULTS } from './catalog-search.js';
import { treeOf } from './catalog-tree.js';

/** Who asks: the organization their person belongs to (null for a technical account) and their role ids. */
export interface CatalogRequester {
  organizationId: string | null;
  roles: readonly string[];
}

export interface CatalogReadOptions {
  /** `zh-CN` (or any `zh…`) or English (anything else); default English. */
  lang?: string | undefined;
  /** Read through this (a transaction: on SQLite the only connection is the transaction's). */
  knex?: Knex | undefined;
}

export interface Catalog {
  /** The family → service → subcategory → entry tree the requester may request, in declared order; empty families and services left out. */
  listOffered(requester: CatalogRequester, options?: CatalogReadOptions): Promise<OfferedCatalog>;
  /**
   * The offered entries matching the query, best first (at most `limit`, default 20, at most 50).
   * @throws INPUT_INVALID for a query longer than 100 characters
   */
  search(requester: CatalogRequester, query: string, options?: CatalogReadOptions & { limit?: number | undefined }): Promise<OfferedEntry[]>;
  /**
   * What the entry (`bundle:id`, or an id only one offered bundle uses) starts for the requester.
   * @throws CATALOG_ENTRY_NOT_FOUND when it is not offered to them, whether or not it exists
   */
  resolveEntry(requester: CatalogRequester, entry: string, options?: CatalogReadOptions): Promise<ResolvedEntry>;
  /** Customer contracts (administrators). */
  contracts: ContractStore;
  /** Delivery models (administrators). */
  delivery: DeliveryStore;
  /** Forgets the cached catalog definitions: the next read lists the installed versions again (e.g. right after an import on a manual clock). */
  refresh(): void;
}

export interface CatalogDeps {
  db: Database;
  clock: Clock;
  registry: InstalledRegistry;
  /** How long the installed versions are trusted before they are listed again; default 1 s. */
  maxAgeMs?: number;
}

const DEFAULT_SEARCH_RESULTS = 20;

const localeFor = (options: CatalogReadOptions) => localeOf(options.lang ?? null) as Locale;

export function createCatalog({ db, clock, registry, maxAgeMs }: CatalogDeps): Catalog {
  const definitions = createCatalogDefinitionSource(registry, { clock, ...(maxAgeMs === undefined ? {} : { maxAgeMs }) });

  /** The installed catalog, what the requester's organization is offered, and the test for one entry. */
  async function offered(requester: CatalogRequester, knex: Knex) {
    const installed = await definitions.get(knex);
    const offer = await offerFor(knex, requester.organizationId, todayOf(clock));
    const isOffered = (entry: InstalledEntry) => offer.services.has(entry.definition.service) && mayRequest(entry, requester.roles);
    return { installed, offer, isOffered };
  }

  return {
    async listOffered(requester, options = {}) {
      const { installed, isOffered } = await offered(requester, options.knex ?? db.knex);
      return treeOf(installed, installed.entries.filter(isOffered), localeFor(options));
    },

    async search(requester, query, options = {}) {
      if (query.length > MAX_QUERY_LENGTH) {
        throw new FlowdeskError('INPUT_INVALID', `a search is at most ${MAX_QUERY_LENGTH} characters`, { details: [{ pointer: 'query/q', message: `is longer than ${MAX_QUERY_LENGTH} characters` }] });
      }
      const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_SEARCH_RESULTS), 1), MAX_SEARCH_RESULTS);
      const { installed, isOffered } = await offered(requester, options.knex ?? db.knex);
      const locale = localeFor(options);
      return installed.index.search(query, isOffered, limit).map((hit) => installed.view(hit.entry, locale));
    },

    async resolveEntry(requester, name, options = {}) {
      const knex = options.knex ?? db.knex;
      const { installed, offer, isOffered } = await offered(requester, knex);
      const found = installed.entriesNamed(name).filter(isOffered);
      if (found.length !== 1) {
        const message = found.length > 1 ? `several bundles offer an entry "${name}": name it as bundle:id` : `no catalog entry "${name}" is offered to you`;
        throw new FlowdeskError('CATALOG_ENTRY_NOT_FOUND', message);
      }
      return resolve(knex, installed, offer, found[0]!, localeFor(options));
    },

    contracts: createContractStore({ db, clock, definitions }),
    delivery: createDeliveryStore({ db, clock, definitions }),
    refresh: () => definitions.refresh(),
  };
}

/** Anyone in an organization with the service, unless the entry names roles: then a holder of one of them. */
function mayRequest(entry: InstalledEntry, roles: readonly string[]): boolean {
  const { requestableBy } = entry.definition;
  if (!requestableBy || requestableBy.length === 0) return true;
  // Accounts hold bare role ids; an entry may name a role of a bundle it requires as bundle:role.
  return requestableBy.some((role) => roles.includes(refOf(entry.bundle, role).id));
}

const sameRef = (a: DefinitionRef, b: DefinitionRef) => a.bundle === b.bundle && a.id === b.id;

async function resolve(knex: Knex, installed: CatalogDefinitions, offer: Offer, entry: InstalledEntry, locale: Locale): Promise<ResolvedEntry> {
  const { definition: d, bundle } = entry;
  const service = offer.services.get(d.service)!;
  const recordType = refOf(bundle, d.recordType);
  let sla = d.sla === undefined ? null : refOf(bundle, d.sla);
  let slaSource: ResolvedEntry['slaSource'] = sla ? 'entry' : null;
  // A contract's policy replaces the entry's only for entries of the record type it is written for.
  const override = service.slaPolicy === null ? undefined : installed.slaPolicy(service.slaPolicy);
  if (override && sameRef(override.recordType, recordType)) {
    sla = override.ref;
    slaSource = 'contract';
  }
  const calendar = d.calendar !== undefined ? refOf(bundle, d.calendar) : sla ? (installed.slaPolicy(`${sla.bundle}:${sla.id}`)?.calendar ?? null) : null;
  // The registry's listing has no row ids; the version id is what a process start pins.
  const version = (await knex('bundle_versions').where({ bundle_name: bundle, version: entry.version }).first('id')) as { id: string } | undefined;
  if (!version) throw new FlowdeskError('CATALOG_ENTRY_NOT_FOUND', `the bundle of catalog entry "${entry.ref}" was uninstalled meanwhile`);
  return {
    entry: installed.view(entry, locale),
    bundle: { name: bundle, version: entry.version, versionId: version.id },
    recordType,
    process: refOf(bundle, d.process),
    startForm: d.startForm === undefined ? null : refOf(bundle, d.startForm),
    sla,
    slaSource,
    calendar,
    approvals: (d.approvals ?? []).map((level) => ({ id: level.id, role: refOf(bundle, level.role) })),
    contractId: service.contractId,
    deliveringTeamId: await deliveringTeam(knex, offer.organizations, d.service),
  };
}
