import type { Knex } from 'knex';
import semver from 'semver';
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../audit/audit-log.js';
import { FlowdeskError, problemsError, type Problem } from '../errors/flowdesk-error.js';
import type { Database } from '../storage/database.js';
import { inTransaction, type Transaction } from '../storage/transaction.js';
import type { Clock } from '../time/clock.js';
import { FLOWDESK_VERSION } from '../version.js';
import { packBundle, sha256Hex } from './bundle-archive.js';
import type { DefinitionIndex } from './bundle-definitions.js';
import type { BundleFiles } from './bundle-files.js';
import { MANIFEST_FILE } from './bundle-path.js';
import type { BundleSignature } from './bundle-signature.js';
import type { LoadedBundle } from './bundle-source.js';
import { errorsOf, validateBundle, type ValidationResult } from './bundle-validator.js';
import { newestSatisfying, planImport, type PlannedAction, type VersionFacts } from './dependency-plan.js';
import { parseBundleJson } from './json-reader.js';
import type { SchemaValidator } from './schema-validator.js';
import { ManifestSchema, type Manifest } from './schemas/index.js';

export interface BundleRegistryDeps {
  db: Database;
  clock: Clock;
  schemas: SchemaValidator;
  flowdeskVersion?: string;
  /**
   * Builds what is derived from a version's files (compiled form validators, …) in the install's
   * transaction: a version is installed with its derivatives or not at all.
   */
  onInstall?: (trx: Transaction, installed: InstalledFiles) => Promise<void>;
}

/** A version being installed, as {@link BundleRegistryDeps.onInstall} sees it. */
export interface InstalledFiles {
  versionId: string;
  name: string;
  version: string;
  manifest: Manifest;
  files: BundleFiles;
}

/** An installed bundle version as lists and the API show it. */
export interface InstalledVersion {
  name: string;
  version: string;
  title: Manifest['title'];
  description: Manifest['description'];
  requires: Record<string, string>;
  contentHash: string;
  signedBy: string | null;
  installedAt: string;
  installedBy: string;
  fileCount: number;
}

export interface ImportStepReport {
  name: string;
  version: string;
  action: PlannedAction;
  contentHash: string;
  /** For each required bundle, the installed (or co-imported) version that satisfies it. */
  resolved: Record<string, string>;
  warnings: Problem[];
}

export interface ImportReport {
  dryRun: boolean;
  steps: ImportStepReport[];
}

interface Candidate extends VersionFacts {
  loaded: LoadedBundle;
  manifest: Manifest;
}

interface InstalledFacts extends VersionFacts {
  index: DefinitionIndex;
}

/** Rows of a file-insert statement: small enough for SQLite's variable limit and MySQL's packet size. */
const FILE_INSERT_ROWS = 50;
const FILE_INSERT_BYTES = 4 * 1024 * 1024;

/**
 * The versioned bundle registry. Import is read → verify → validate → resolve → plan → write
 * in one transaction → audit. Installed versions never change.
 */
export function createBundleRegistry(deps: BundleRegistryDeps) {
  const { db, clock, schemas } = deps;
  const flowdeskVersion = deps.flowdeskVersion ?? FLOWDESK_VERSION;

  async function installedFacts(knex: Database['knex'] | Transaction = db.knex): Promise<InstalledFacts[]> {
    const rows = (await knex('bundle_versions').select('bundle_name', 'version', 'content_hash', 'manifest', 'definition_index')) as Array<Record<string, string>>;
    return rows.map((row) => {
      const manifest = JSON.parse(row['manifest']!) as Manifest;
      return {
        name: row['bundle_name']!,
        version: row['version']!,
        contentHash: row['content_hash']!,
        requires: manifest.requires ?? {},
        index: JSON.parse(row['definition_index']!) as DefinitionIndex,
      };
    });
  }

  function readCandidate(loaded: LoadedBundle): Candidate | Problem[] {
    const manifest = parseBundleJson(loaded.files.get(MANIFEST_FILE)!, MANIFEST_FILE);
    const problems = schemas.check(ManifestSchema, manifest, MANIFEST_FILE);
    if (problems.length > 0) return problems.map((p) => ({ ...p, bundle: loaded.label }));
    const m = manifest as Manifest;
    return { loaded, manifest: m, name: m.name, version: m.version, contentHash: loaded.contentHash, requires: m.requires ?? {}, flowdesk: m.flowdesk, label: loaded.label };
  }

  /**
   * Imports one or more bundles together (a batch may satisfy its own requirements).
   * @throws FlowdeskError with every problem found, and nothing written, when any is an error.
   */
  async function importBundles(bundles: LoadedBundle[], options: { dryRun?: boolean; actor: string }): Promise<ImportReport> {
    const candidates: Candidate[] = [];
    const problems: Problem[] = [];
    for (const loaded of bundles) {
      const read = readCandidate(loaded);
      if (Array.isArray(read)) problems.push(...read);
      else candidates.push(read);
    }
    if (problems.length > 0) throw problemsError(problems);

    const installed = await installedFacts();
    const plan = planImport(candidates, installed, flowdeskVersion);

    // Validate each bundle once, in dependency order, so references into a required bundle are
    // checked against the version the plan chose (its index comes from the installed row or from
    // its own validation just before). Bad content is reported before planning problems.
    const indexes = new Map<string, DefinitionIndex>(installed.map((v) => [`${v.name}@${v.version}`, v.index]));
    const results = new Map<Candidate, ValidationResult>();
    const planned = plan.steps.map((s) => s.candidate);
    for (const candidate of [...planned, ...candidates.filter((c) => !planned.includes(c))]) {
      const resolved = plan.steps.find((s) => s.candidate === candidate)?.resolved ?? {};
      const required = new Map(Object.entries(resolved).map(([name, version]) => [name, indexes.get(`${name}@${version}`)!]));
      const result = await validateBundle(candidate.loaded.files, { schemas, requiredIndexes: required });
      results.set(candidate, result);
      if (result.index) indexes.set(`${candidate.name}@${candidate.version}`, result.index);
      problems.push(...errorsOf(result.problems).map((p) => ({ ...p, bundle: candidate.label! })));
    }
    if (problems.length > 0) throw problemsError(problems);
    if (errorsOf(plan.problems).length > 0) throw problemsError(errorsOf(plan.problems));

    const reports: ImportStepReport[] = plan.steps.map((step) => ({
      name: step.candidate.name,
      version: step.candidate.version,
      action: step.action,
      contentHash: step.candidate.contentHash,
      resolved: step.resolved,
      warnings: results.get(step.candidate)!.problems.filter((p) => p.severity === 'warning').map((p) => ({ ...p, bundle: step.candidate.label! })),
    }));
    if (options.dryRun) return { dryRun: true, steps: reports };

    await inTransaction(db, async (trx) => {
      for (const step of plan.steps) {
        if (step.action === 'install') await writeVersion(trx, step.candidate, results.get(step.candidate)!.index!, options.actor);
      }
    });
    return { dryRun: false, steps: reports };
  }

  async function writeVersion(trx: Transaction, candidate: Candidate, index: DefinitionIndex, actor: string): Promise<void> {
    const existing = (await trx('bundle_versions').where({ bundle_name: candidate.name, version: candidate.version }).first('content_hash')) as { content_hash: string } | undefined;
    if (existing) {
      // Someone installed it between planning and writing.
      if (existing.content_hash === candidate.contentHash) return;
      throw new FlowdeskError('BUNDLE_VERSION_CONFLICT', `${candidate.name}@${candidate.version} is already installed with other content`);
    }
    const now = clock.now().toISOString();
    if (!(await trx('bundles').where({ name: candidate.name }).first('name'))) {
      await trx('bundles').insert({ name: candidate.name, created_at: now });
    }
    const id = uuidv7();
    const { loaded, manifest } = candidate;
    await trx('bundle_versions').insert({
      id,
      bundle_name: candidate.name,
      version: candidate.version,
      content_hash: candidate.contentHash,
      manifest: JSON.stringify(manifest),
      definition_index: JSON.stringify(index),
      signature: loaded.signature ? JSON.stringify(loaded.signature) : null,
      signed_by: loaded.signedBy ?? null,
      installed_at: now,
      installed_by: actor,
    });
    await insertFiles(trx, id, loaded.files);
    await deps.onInstall?.(trx, { versionId: id, name: candidate.name, version: candidate.version, manifest, files: loaded.files });
    const requirements = Object.entries(candidate.requires).map(([name, range]) => ({ version_id: id, required_name: name, version_range: range }));
    if (requirements.length > 0) await trx('bundle_requirements').insert(requirements);
    await appendAudit(trx, clock, {
      actor,
      action: 'bundle.install',
      targetType: 'bundle',
      targetId: `${candidate.name}@${candidate.version}`,
      details: { contentHash: candidate.contentHash, source: loaded.label, files: loaded.files.size, signedBy: loaded.signedBy ?? null },
    });
  }

  async function insertFiles(trx: Transaction, versionId: string, files: BundleFiles): Promise<void> {
    let batch: Array<Record<string, unknown>> = [];
    let bytes = 0;
    const flush = async () => {
      if (batch.length > 0) await trx('bundle_files').insert(batch);
      batch = [];
      bytes = 0;
    };
    for (const [path, content] of files) {
      if (batch.length >= FILE_INSERT_ROWS || bytes + content.length > FILE_INSERT_BYTES) await flush();
      batch.push({ version_id: versionId, path, sha256: sha256Hex(content), size: content.length, content: Buffer.from(content) });
      bytes += content.length;
    }
    await flush();
  }

  async function versionRow(name: string, version: string | undefined, knex: Knex): Promise<Record<string, unknown>> {
    const rows = (await knex('bundle_versions').where({ bundle_name: name })) as Array<Record<string, unknown>>;
    const row = version === undefined ? rows.sort((a, b) => semver.rcompare(String(a['version']), String(b['version'])))[0] : rows.find((r) => r['version'] === version);
    if (!row) throw new FlowdeskError('BUNDLE_NOT_FOUND', `no installed bundle ${name}${version ? `@${version}` : ''}`);
    return row;
  }

  /** Every installed version, by name then newest first; read through `knex` when given (a transaction). */
  async function listVersions(knex: Knex = db.knex): Promise<InstalledVersion[]> {
    const rows = (await knex('bundle_versions')) as Array<Record<string, unknown>>;
    const counts = (await knex('bundle_files').select('version_id').count({ files: '*' }).groupBy('version_id')) as Array<{ version_id: string; files: number | string }>;
    const fileCount = new Map(counts.map((c) => [c.version_id, Number(c.files)]));
    return rows
      .map((row) => describe(row, fileCount.get(String(row['id'])) ?? 0))
      .sort((a, b) => (a.name === b.name ? semver.rcompare(a.version, b.version) : a.name < b.name ? -1 : 1));
  }

  /** The files of an installed version (newest when no version is given). */
  async function readFiles(name: string, version?: string, knex: Knex = db.knex): Promise<{ version: InstalledVersion; files: BundleFiles; signature?: BundleSignature }> {
    const row = await versionRow(name, version, knex);
    const files = (await knex('bundle_files').where({ version_id: row['id'] }).orderBy('path')) as Array<{ path: string; content: Buffer }>;
    const signature = row['signature'] ? (JSON.parse(String(row['signature'])) as BundleSignature) : undefined;
    return { version: describe(row, files.length), files: new Map(files.map((f) => [f.path, Buffer.from(f.content)])), ...(signature ? { signature } : {}) };
  }

  /** The archive of an installed version: byte-identical to `pack` of the same source. */
  async function exportBundle(name: string, version?: string): Promise<{ version: InstalledVersion; archive: Buffer }> {
    const { version: installed, files, signature } = await readFiles(name, version);
    return { version: installed, archive: await packBundle(files, signature) };
  }

  /**
   * Removes a version (or every version) of a bundle. Refused while a remaining installed bundle
   * requires it and nothing else satisfies that requirement.
   */
  async function uninstall(name: string, version: string | undefined, actor: string): Promise<string[]> {
    return inTransaction(db, async (trx) => {
      const all = await installedFacts(trx);
      const removed = all.filter((v) => v.name === name && (version === undefined || v.version === version));
      if (removed.length === 0) throw new FlowdeskError('BUNDLE_NOT_FOUND', `no installed bundle ${name}${version ? `@${version}` : ''}`);
      const remaining = all.filter((v) => !removed.includes(v));
      for (const dependant of remaining) {
        const range = dependant.requires[name];
        if (range !== undefined && !newestSatisfying(remaining, name, range)) {
          throw new FlowdeskError('BUNDLE_REQUIRED_BY', `${dependant.name}@${dependant.version} requires ${name}@${range}; uninstall it first`, {
            details: [{ requiredBy: `${dependant.name}@${dependant.version}`, range }],
          });
        }
      }
      for (const v of removed) {
        await trx('bundle_versions').where({ bundle_name: v.name, version: v.version }).delete();
        await appendAudit(trx, clock, { actor, action: 'bundle.uninstall', targetType: 'bundle', targetId: `${v.name}@${v.version}`, details: { contentHash: v.contentHash } });
      }
      if (remaining.every((v) => v.name !== name)) await trx('bundles').where({ name }).delete();
      return removed.map((v) => `${v.name}@${v.version}`);
    });
  }

  return { importBundles, listVersions, readFiles, exportBundle, uninstall };
}

export type BundleRegistry = ReturnType<typeof createBundleRegistry>;

function describe(row: Record<string, unknown>, fileCount: number): InstalledVersion {
  const manifest = JSON.parse(String(row['manifest'])) as Manifest;
  return {
    name: String(row['bundle_name']),
    version: String(row['version']),
    title: manifest.title,
    description: manifest.description,
    requires: manifest.requires ?? {},
    contentHash: String(row['content_hash']),
    signedBy: (row['signed_by'] as string | null) ?? null,
    installedAt: String(row['installed_at']),
    installedBy: String(row['installed_by']),
    fileCount,
  };
}
