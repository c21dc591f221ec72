/**
 * The record types of the installed bundles: each bundle's newest version, its `records/*.json`
 * files as the manifest lists them. Read once per set of installed versions and kept until that
 * set changes (installed versions are immutable, so nothing else can make the cache stale).
 */
import type { Knex } from 'knex';
import { FlowdeskError } from '../errors/flowdesk-error.js';
import type { BundleRegistry } from '../bundle/bundle-registry.js';
import { createInstalledDefinitions, type InstalledBundle } from '../bundle/installed-definitions.js';
import type { RecordTypeDefinition } from '../bundle/schemas/index.js';
import type { Clock } from '../time/clock.js';

/** A record type as the record store uses it: plain data from the bundle that defines it. */
export interface RecordTypeInfo {
  id: string;
  /** The bundle (name) that defines it, and the installed version it was read from. */
  bundle: string;
  bundleVersion: string;
  titleKey: string;
  numbering: { prefix: string; digits: number };
  /** The JSON Schema the fields are validated against. */
  fields: Record<string, unknown>;
  states: ReadonlyArray<{ id: string; titleKey: string; isFinal?: boolean; editable?: readonly string[] }>;
  /** The state a new record starts in: the first listed. */
  initialState: string;
  listColumns: readonly string[];
  /** Fields that can be filtered and sorted on. */
  indexed: readonly string[];
}

/** Where the store resolves a type id. */
export interface RecordTypeSource {
  /**
   * Reads the installed bundles through `knex` when given (inside a transaction: on SQLite the
   * transaction holds the only connection).
   * @throws FlowdeskError RECORD_TYPE_NOT_FOUND
   */
  get(typeId: string, knex?: Knex): Promise<RecordTypeInfo>;
}

export interface RecordTypes extends RecordTypeSource {
  /** Every record type of the newest installed version of every bundle, by id. */
  list(): Promise<RecordTypeInfo[]>;
  /** Forgets the cache: the next call reads the installed versions again (after an import). */
  refresh(): void;
}

/** What the loader needs of the bundle registry. */
export type RecordTypeRegistry = Pick<BundleRegistry, 'listVersions' | 'readFiles'>;

export interface RecordTypesOptions {
  /** How long a check of the installed versions is trusted; 0 checks on every call. */
  maxAgeMs?: number;
  clock?: Clock;
}

/** Converts a record type file of a bundle into what the store uses. */
export function toRecordTypeInfo(definition: RecordTypeDefinition, bundle: string, bundleVersion: string): RecordTypeInfo {
  return {
    id: definition.id,
    bundle,
    bundleVersion,
    titleKey: definition.titleKey,
    numbering: { prefix: definition.numbering.prefix, digits: definition.numbering.digits },
    fields: definition.fields,
    states: definition.states,
    initialState: definition.states[0]!.id,
    listColumns: definition.listColumns,
    indexed: definition.indexed ?? [],
  };
}

/**
 * The record types of the installed bundles. When two bundles define the same type id, the one
 * whose bundle name sorts first wins (record type ids are global: records store the bare id).
 */
export function createRecordTypes(registry: RecordTypeRegistry, options: RecordTypesOptions = {}): RecordTypes {
  const installed = createInstalledDefinitions(registry, typesOf, { maxAgeMs: options.maxAgeMs ?? 1000, ...(options.clock ? { clock: options.clock } : {}) });
  return {
    async get(typeId, knex) {
      const type = (await installed.get(knex)).get(typeId);
      if (!type) throw new FlowdeskError('RECORD_TYPE_NOT_FOUND', `no installed bundle defines the record type "${typeId}"`);
      return type;
    },
    async list() {
      return [...(await installed.get()).values()];
    },
    refresh: installed.refresh,
  };
}

/** Every record type of the bundles, by id; the first bundle (by name) to define an id wins. */
function typesOf(bundles: InstalledBundle[]): Map<string, RecordTypeInfo> {
  const types = new Map<string, RecordTypeInfo>();
  for (const bundle of bundles) {
    for (const file of bundle.manifest.contents.records ?? []) {
      const definition = bundle.json<RecordTypeDefinition>(file);
      if (!types.has(definition.id)) types.set(definition.id, toRecordTypeInfo(definition, bundle.name, bundle.version));
    }
  }
  return types;
}
