/**
 * The catalog room's public surface: the service catalog of the installed bundles — service
 * families → services → subcategories → entries — offered to organizations through customer
 * contracts, delivered by teams (delivery models), searched in English and Chinese (pinyin and its
 * initials too), and resolved to what a new piece of work starts with.
 */

/**
 * Makes the catalog over the installed bundles and the contract and delivery tables:
 * `listOffered`, `search` and `resolveEntry` for a requester; `contracts` and `delivery` for
 * administrators (every write validated, audited, in one transaction).
 */
export { createCatalog, type Catalog, type CatalogDeps, type CatalogReadOptions, type CatalogRequester } from './catalog.js';
/** The stores behind `catalog.contracts` and `catalog.delivery`. */
export type { ContractStore } from './catalog-contracts.js';
export type { DeliveryStore } from './catalog-delivery.js';
/** Search limits: the longest query, the most results. */
export { MAX_QUERY_LENGTH, MAX_SEARCH_RESULTS } from './catalog-search.js';
/** What the catalog shows and takes, as TypeBox schemas (for the API) with their types. */
export {
  ContractPatchSchema,
  ContractViewSchema,
  DefinitionRefSchema,
  DeliveryViewSchema,
  EntryRef,
  NewContractSchema,
  OfferedCatalogSchema,
  OfferedEntrySchema,
  ResolvedEntrySchema,
  ServiceId,
  type ContractPatch,
  type ContractView,
  type DefinitionRef,
  type DeliveryView,
  type NewContract,
  type OfferedCatalog,
  type OfferedEntry,
  type ResolvedEntry,
} from './catalog-schemas.js';
