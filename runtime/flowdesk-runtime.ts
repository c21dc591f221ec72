import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createBundleRegistry,
  createFileAttachmentStorage,
  createProcessRuntime,
  createRecordEffectWriter,
  createRecordStore,
  createRecordTypes,
  createSchemaValidator,
  loadBundleFromPath,
  loadTrustedKeys,
  migrateToLatest,
  openDatabase,
  parseDatabaseUrl,
  systemClock,
  type BundleRegistry,
  type Clock,
  type JobHandler,
  type Database,
  type ImportReport,
  type ProcessRuntime,
  type RecordStore,
  type RecordTypes,
  type ScriptRunner,
  type SchemaValidator,
  type TrustedKeys,
} from '../engine/index.js';
import { createCatalog, type Catalog } from '../catalog/index.js';
import { createPluginRunner, type PluginRunner } from '../plugins/index.js';
import { createRecordAccess, type RecordAccess } from './access/record-access.js';
import { createCredentialCache, type CredentialCache } from './identity/credential-cache.js';
import { compileFormsOnInstall, createFormSource, type FormSource } from './forms/form-validators.js';
import { createRecordEngines, type RecordEngines } from './record-engines.js';
import { createRoleCatalog, type RoleCatalog } from './access/role-catalog.js';
import type { RuntimeConfig } from './config.js';
import { createRequestStarter, type StartRequest } from './requests/start-request.js';

/** The wired parts every Flowdesk program (server, CLI, test) works with. */
export interface FlowdeskRuntime {
  config: RuntimeConfig;
  db: Database;
  clock: Clock;
  schemas: SchemaValidator;
  registry: BundleRegistry;
  trustedKeys: TrustedKeys;
  processes: ProcessRuntime;
  /** Record types of the installed bundles, cached until the installed versions change. */
  recordTypes: RecordTypes;
  records: RecordStore;
  roles: RoleCatalog;
  /** The caller's grants as scopes and reference checks, for every record query and write. */
  access: RecordAccess;
  /** SLA clocks, OLAs, surveys and notifications, following every record write and process step. */
  engines: RecordEngines;
  /** The service catalog: what each organization is offered, contracts and delivery models. */
  catalog: Catalog;
  /** Bundle forms localized, with validators compiled at install, for the web apps. */
  forms: FormSource;
  /** Requests from the catalog: record, process, tasks, clocks and notifications in one transaction. */
  startRequest: StartRequest;
  /** Every job type the runtime runs: process timers and calls, SLA thresholds, outbox sends. */
  jobHandlers: Record<string, JobHandler>;
  /** Resolved API tokens and sessions, kept a moment; identity writes run through it. */
  credentials: CredentialCache;
  /** Adds work to finish before the runtime closes (the designer's test runs drop their databases). */
  beforeClose(task: () => Promise<void>): void;
  close(): Promise<void>;
}

/** The composition root: opens the database, applies migrations, builds the registry. */
export async function openRuntime(config: RuntimeConfig, clock: Clock = systemClock): Promise<FlowdeskRuntime> {
  const trustedKeys = config.trustedKeysPath ? await loadTrustedKeys(config.trustedKeysPath) : new Map();
  const db = openDatabase(parseDatabaseUrl(config.databaseUrl));
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const schemas = createSchemaValidator();
  const registry = createBundleRegistry({ db, clock, schemas, onInstall: compileFormsOnInstall });
  // Sandbox workers are forked on the first script call, so commands that run none never start them.
  let plugins: PluginRunner | undefined;
  const scripts: ScriptRunner = { call: (call) => (plugins ??= createPluginRunner()).call(call) };
  const recordTypes = createRecordTypes(registry, { clock });
  const records = createRecordStore({ db, clock, types: recordTypes, attachments: createFileAttachmentStorage(join(config.dataDir, 'attachments')) });
  const processes = createProcessRuntime({ db, clock, schemas, scripts, recordEffects: createRecordEffectWriter({ records, types: recordTypes }) });
  const roles = createRoleCatalog(registry);
  const access = createRecordAccess({ db, roles });
  const engines = createRecordEngines({ db, clock, registry, records, recordTypes, access, mail: config.mail, outbound: config.outbound, processes });
  const catalog = createCatalog({ db, clock, registry });
  const closing: Array<() => Promise<void>> = [];
  return {
    config,
    db,
    clock,
    schemas,
    registry,
    trustedKeys,
    processes,
    recordTypes,
    records,
    roles,
    access,
    engines,
    catalog,
    forms: createFormSource({ db, registry }),
    startRequest: createRequestStarter({ db, catalog, processes, records, recordTypes, access }),
    jobHandlers: { ...processes.jobHandlers, ...engines.jobHandlers },
    credentials: createCredentialCache(clock),
    beforeClose: (task) => void closing.push(task),
    close: async () => {
      await Promise.allSettled(closing.splice(0).map((task) => task()));
      await plugins?.close();
      await db.close();
    },
  };
}

/** Folders directly under `dir` that hold a bundle.json, in name order. */
export async function findBundleFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const isBundle = await stat(join(dir, entry.name, 'bundle.json')).then(() => true, () => false);
    if (isBundle) folders.push(join(dir, entry.name));
  }
  return folders;
}

/** Installs every bundle folder in the definitions directory as one batch; unchanged ones are no-ops. */
export async function installDefinitions(runtime: FlowdeskRuntime, actor = 'system'): Promise<ImportReport> {
  const folders = await findBundleFolders(runtime.config.definitionsDir);
  const loaded = await Promise.all(folders.map((f) => loadBundleFromPath(f, { limits: runtime.config.limits })));
  if (loaded.length === 0) return { dryRun: false, steps: [] };
  return runtime.registry.importBundles(loaded, { actor });
}
