/**
 * Bundle drafts: the designer's working copies on the server. A draft starts empty (a new bundle)
 * or from an installed version (also how an old version is restored), is saved file by file as an
 * admin works — each save names the draft version it was made on, so a stale save is refused with
 * DRAFT_VERSION_CONFLICT instead of overwriting someone else's — and is published through the
 * bundle registry as a new immutable version. Its archive is the one `flowdesk bundle pack` makes
 * of the same files. Every write is audited.
 */
import semver from 'semver';
import { v7 as uuidv7 } from 'uuid';
import {
  DEFAULT_BUNDLE_LIMITS,
  FlowdeskError,
  MANIFEST_FILE,
  SIGNATURE_FILE,
  appendAudit,
  diffBundles,
  inTransaction,
  loadBundleFromFiles,
  packBundle,
  safeBundlePath,
  sha256Hex,
  unpackBundle,
  validateBundle,
  type BundleDiff,
  type BundleFiles,
  type BundleRegistry,
  type Clock,
  type Database,
  type ImportReport,
  type Manifest,
  type Problem,
  type SchemaValidator,
} from '../../engine/index.js';

export interface DraftSummary {
  id: string;
  bundle: string;
  baseVersion: string | null;
  /** Counts saves; send it back with the next save. */
  version: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface DraftView extends DraftSummary {
  files: Array<{ path: string; size: number; sha256: string }>;
}

/** A file written (content) or removed (null) by a save. */
export interface FileChange {
  path: string;
  content: string | null;
}

export interface DraftCheck {
  valid: boolean;
  /** The version publishing would install (its bundle.json's, or the next one after what is installed). */
  version: string;
  problems: Problem[];
}

export interface DraftStoreDeps {
  db: Database;
  clock: Clock;
  registry: Pick<BundleRegistry, 'importBundles' | 'listVersions' | 'readFiles'>;
  schemas: SchemaValidator;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

interface DraftRow {
  id: string;
  bundle_name: string;
  base_version: string | null;
  version: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

const summaryOf = (row: DraftRow): DraftSummary => ({
  id: row.id,
  bundle: row.bundle_name,
  baseVersion: row.base_version,
  version: Number(row.version),
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedBy: row.updated_by,
  updatedAt: row.updated_at,
});

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/** What a new bundle starts with: a manifest and both texts files, valid as they are. */
function newBundleFiles(name: string): BundleFiles {
  const manifest = {
    schemaVersion: 1,
    name,
    version: '0.1.0',
    title: { 'zh-CN': name, en: name },
    description: { 'zh-CN': name, en: name },
    flowdesk: '>=0.1.0',
    contents: { i18n: ['i18n/zh-CN.json', 'i18n/en.json'] },
  };
  return new Map([
    [MANIFEST_FILE, json(manifest)],
    ['i18n/zh-CN.json', json({ locale: 'zh-CN', messages: {} })],
    ['i18n/en.json', json({ locale: 'en', messages: {} })],
  ]);
}

/** An installed version's files as a source folder would hold them: no seal in bundle.json, no signature. */
function sourceFiles(installed: BundleFiles): BundleFiles {
  const files = new Map(installed);
  files.delete(SIGNATURE_FILE);
  const manifest = JSON.parse(Buffer.from(files.get(MANIFEST_FILE)!).toString('utf8')) as Manifest;
  delete manifest.files;
  files.set(MANIFEST_FILE, json(manifest));
  return files;
}

export function createDraftStore({ db, clock, registry, schemas }: DraftStoreDeps) {
  const limits = DEFAULT_BUNDLE_LIMITS;

  async function row(id: string, knex = db.knex): Promise<DraftRow> {
    const found = (await knex('bundle_drafts').where({ id }).first()) as DraftRow | undefined;
    if (!found) throw new FlowdeskError('DRAFT_NOT_FOUND', `no bundle draft ${id}`);
    return found;
  }

  async function filesOf(id: string, knex = db.knex): Promise<BundleFiles> {
    const rows = (await knex('bundle_draft_files').where({ draft_id: id }).orderBy('path')) as Array<{ path: string; content: Buffer }>;
    return new Map(rows.map((r) => [r.path, Buffer.from(r.content)]));
  }

  async function view(id: string, knex = db.knex): Promise<DraftView> {
    const draft = await row(id, knex);
    const files = (await knex('bundle_draft_files').where({ draft_id: id }).orderBy('path').select('path', 'size', 'sha256')) as Array<{ path: string; size: number; sha256: string }>;
    return { ...summaryOf(draft), files: files.map((f) => ({ path: f.path, size: Number(f.size), sha256: f.sha256 })) };
  }

  /** The version publishing installs: bundle.json's when it is new, else the next after the newest installed, by the diff's bump. */
  async function nextVersion(name: string, files: BundleFiles, diff: BundleDiff | null): Promise<string> {
    const declared = manifestOf(files)?.version;
    const installed = (await registry.listVersions()).filter((v) => v.name === name).map((v) => v.version);
    if (declared && semver.valid(declared) && !installed.includes(declared) && installed.every((v) => semver.gt(declared, v))) return declared;
    const newest = installed.sort(semver.rcompare)[0] ?? declared ?? '0.1.0';
    const bump = diff && diff.suggestedBump !== 'none' ? diff.suggestedBump : 'patch';
    return semver.inc(newest, bump) ?? newest;
  }

  function manifestOf(files: BundleFiles): Manifest | null {
    try {
      return JSON.parse(Buffer.from(files.get(MANIFEST_FILE) ?? Buffer.alloc(0)).toString('utf8')) as Manifest;
    } catch {
      return null;
    }
  }

  /** The draft's files with bundle.json naming `version`. */
  function withVersion(files: BundleFiles, version: string): BundleFiles {
    const manifest = manifestOf(files);
    if (!manifest) return files;
    return new Map(files).set(MANIFEST_FILE, json({ ...manifest, version }));
  }

  /** The installed version a draft is compared with: `against`, else the one it came from, else the newest. */
  async function baseOf(draft: DraftRow, against?: string): Promise<{ version: string | null; files: BundleFiles }> {
    const version = against ?? draft.base_version ?? (await registry.listVersions()).find((v) => v.name === draft.bundle_name)?.version ?? null;
    return { version, files: version ? sourceFiles((await registry.readFiles(draft.bundle_name, version)).files) : new Map() };
  }

  async function diffOf(draft: DraftRow, files: BundleFiles, against?: string): Promise<BundleDiff | null> {
    const manifest = manifestOf(files);
    if (!manifest) return null;
    const { version: base, files: baseFiles } = await baseOf(draft, against);
    const read = async (f: BundleFiles) => (f.size === 0 ? undefined : (await validateBundle(f, { schemas })).definitions);
    const from = { label: base ? `${draft.bundle_name}@${base}` : '(nothing)', version: base ?? '0.0.0', files: baseFiles, definitions: await read(baseFiles) };
    const to = { label: `draft ${draft.id}`, version: manifest.version ?? '0.0.0', files, definitions: await read(files) };
    return diffBundles(from.definitions ? from : { ...from, definitions: undefined }, to);
  }

  async function insertDraft(actor: string, name: string, baseVersion: string | null, files: BundleFiles, action: 'draft.create' | 'draft.import'): Promise<DraftView> {
    const id = uuidv7();
    const now = clock.now().toISOString();
    await inTransaction(db, async (trx) => {
      await trx('bundle_drafts').insert({ id, bundle_name: name, base_version: baseVersion, version: 1, created_by: actor, created_at: now, updated_by: actor, updated_at: now });
      for (const [path, content] of files) await trx('bundle_draft_files').insert({ draft_id: id, path, content: Buffer.from(content), sha256: sha256Hex(content), size: content.length });
      await appendAudit(trx, clock, { actor, action, targetType: 'bundle-draft', targetId: id, details: { bundle: name, from: baseVersion, files: files.size } });
    });
    return view(id);
  }

  return {
    async list(): Promise<DraftSummary[]> {
      return ((await db.knex('bundle_drafts').orderBy('updated_at', 'desc')) as DraftRow[]).map(summaryOf);
    },

    get: (id: string) => view(id),

    async readFile(id: string, path: string): Promise<Buffer> {
      await row(id);
      const found = (await db.knex('bundle_draft_files').where({ draft_id: id, path }).first('content')) as { content: Buffer } | undefined;
      if (!found) throw new FlowdeskError('NOT_FOUND', `the draft has no file ${path}`);
      return Buffer.from(found.content);
    },

    /**
     * A new draft of bundle `name`: its files copied from the installed version `from` (the newest
     * when `from` is `'newest'`), or a new bundle's when `from` is null.
     * @throws INPUT_INVALID (name), BUNDLE_NOT_FOUND (from)
     */
    async create(actor: string, name: string, from: string | null): Promise<DraftView> {
      if (!NAME.test(name) || name.length > 100) throw new FlowdeskError('INPUT_INVALID', 'a bundle name is lowercase words joined by hyphens', { details: [{ pointer: '/bundle', message: 'not a bundle name' }] });
      const base = from === null ? null : await registry.readFiles(name, from === 'newest' ? undefined : from);
      return insertDraft(actor, name, base?.version.version ?? null, base ? sourceFiles(base.files) : newBundleFiles(name), 'draft.create');
    },

    /**
     * A new draft holding an archive's files (`flowdesk bundle pack`'s, or the designer's export),
     * made on the newest installed version of its bundle, if any: its diff then shows what
     * publishing it would change. A signature and the manifest's seal are dropped, as when a draft
     * is made from an installed version.
     * @throws BUNDLE_ARCHIVE_MALFORMED and the archive limits' errors, INPUT_INVALID (no bundle name)
     */
    async importArchive(actor: string, archive: Uint8Array): Promise<DraftView> {
      const files = sourceFiles(await unpackBundle(archive, limits));
      const name = manifestOf(files)?.name;
      if (typeof name !== 'string' || !NAME.test(name) || name.length > 100) throw new FlowdeskError('INPUT_INVALID', "the archive's bundle.json names no bundle", { details: [{ pointer: '/body', message: 'bundle.json has no valid name' }] });
      const newest = (await registry.listVersions()).find((v) => v.name === name)?.version ?? null;
      return insertDraft(actor, name, newest, files, 'draft.import');
    },

    /**
     * Writes and removes files in one save, made on draft version `expected`.
     * @throws DRAFT_VERSION_CONFLICT (someone saved since), BUNDLE_PATH_UNSAFE, PAYLOAD_TOO_LARGE, INPUT_INVALID
     */
    async save(actor: string, id: string, expected: number, changes: FileChange[]): Promise<DraftView> {
      const checked = changes.map((change) => ({ ...change, path: safeBundlePath(change.path) }));
      if (checked.some((c) => c.path === SIGNATURE_FILE)) throw new FlowdeskError('INPUT_INVALID', 'a draft is not signed; sign the archive you export', { details: [{ pointer: '/changes', message: `${SIGNATURE_FILE} is not a draft file` }] });
      if (checked.some((c) => c.path === MANIFEST_FILE && c.content === null)) throw new FlowdeskError('INPUT_INVALID', 'a bundle keeps its bundle.json', { details: [{ pointer: '/changes', message: 'bundle.json cannot be removed' }] });
      for (const change of checked) {
        if (change.content !== null && Buffer.byteLength(change.content) > limits.maxFileBytes) throw new FlowdeskError('PAYLOAD_TOO_LARGE', `${change.path} is over the ${limits.maxFileBytes}-byte limit of a bundle file`);
      }
      await inTransaction(db, async (trx) => {
        const draft = await row(id, trx);
        // The version check and its bump in one statement: two saves on the same version cannot both pass.
        const now = clock.now().toISOString();
        const bumped = await trx('bundle_drafts').where({ id, version: expected }).update({ version: Number(draft.version) + 1, updated_by: actor, updated_at: now });
        if (bumped !== 1) throw new FlowdeskError('DRAFT_VERSION_CONFLICT', `the draft is at version ${draft.version}, not ${expected}: someone saved it meanwhile`, { details: [{ pointer: '/version', message: `current version ${draft.version}` }] });
        for (const change of checked) {
          await trx('bundle_draft_files').where({ draft_id: id, path: change.path }).delete();
          if (change.content !== null) {
            const content = Buffer.from(change.content, 'utf8');
            await trx('bundle_draft_files').insert({ draft_id: id, path: change.path, content, sha256: sha256Hex(content), size: content.length });
          }
        }
        const [count] = (await trx('bundle_draft_files').where({ draft_id: id }).count({ n: '*' })) as Array<{ n: number | string }>;
        if (Number(count?.n ?? 0) > limits.maxEntries) throw new FlowdeskError('INPUT_INVALID', `a bundle holds at most ${limits.maxEntries} files`);
        await appendAudit(trx, clock, { actor, action: 'draft.save', targetType: 'bundle-draft', targetId: id, details: { version: { from: expected, to: expected + 1 }, written: checked.filter((c) => c.content !== null).map((c) => c.path), removed: checked.filter((c) => c.content === null).map((c) => c.path) } });
      });
      return view(id);
    },

    /** Validates the draft as publishing would: its definitions, references into the bundles it requires, the version it would take. */
    async check(id: string, actor: string): Promise<DraftCheck> {
      const draft = await row(id);
      const files = await filesOf(id);
      const version = await nextVersion(draft.bundle_name, files, await diffOf(draft, files));
      try {
        await registry.importBundles([loadBundleFromFiles(`draft ${draft.bundle_name}`, withVersion(files, version))], { dryRun: true, actor });
        return { valid: true, version, problems: [] };
      } catch (error) {
        if (!(error instanceof FlowdeskError)) throw error;
        const problems = (error.details as Problem[]).filter((p) => typeof p === 'object' && p !== null && 'message' in p);
        return { valid: false, version, problems: problems.length > 0 ? problems : [{ code: error.code, file: MANIFEST_FILE, message: error.message } as Problem] };
      }
    },

    /**
     * What changed against an installed version — `against`, or the one the draft came from (or
     * the newest) — and the bump that suggests.
     * @throws DRAFT_NOT_FOUND, BUNDLE_NOT_FOUND (against)
     */
    async diff(id: string, against?: string): Promise<BundleDiff | null> {
      const draft = await row(id);
      return diffOf(draft, await filesOf(id), against);
    },

    /** A file as the compared version has it (null: it has no such file), for showing a file's changes line by line. */
    async baseFile(id: string, path: string, against?: string): Promise<string | null> {
      const { files } = await baseOf(await row(id), against);
      const content = files.get(safeBundlePath(path));
      return content === undefined ? null : Buffer.from(content).toString('utf8');
    },

    /**
     * Installs the draft as a new immutable version (`version`, or the suggested next one) and
     * removes the draft.
     * @throws BUNDLE_INVALID and the like with every problem, nothing written; BUNDLE_VERSION_CONFLICT
     */
    async publish(actor: string, id: string, version?: string): Promise<{ name: string; version: string; report: ImportReport }> {
      const draft = await row(id);
      const files = await filesOf(id);
      const target = version ?? (await nextVersion(draft.bundle_name, files, await diffOf(draft, files)));
      if (!semver.valid(target)) throw new FlowdeskError('INPUT_INVALID', 'not a semantic version', { details: [{ pointer: '/version', message: 'not a semantic version' }] });
      const report = await registry.importBundles([loadBundleFromFiles(`draft ${draft.bundle_name}`, withVersion(files, target))], { actor });
      await inTransaction(db, async (trx) => {
        await trx('bundle_drafts').where({ id }).delete();
        await appendAudit(trx, clock, { actor, action: 'draft.publish', targetType: 'bundle-draft', targetId: id, details: { bundle: draft.bundle_name, version: target } });
      });
      return { name: draft.bundle_name, version: target, report };
    },

    /** The draft as an archive: byte for byte what `flowdesk bundle pack` makes of the same files. */
    async archive(id: string): Promise<{ name: string; version: string; archive: Buffer }> {
      const draft = await row(id);
      const files = await filesOf(id);
      return { name: draft.bundle_name, version: manifestOf(files)?.version ?? '0.0.0', archive: await packBundle(files) };
    },

    async remove(actor: string, id: string): Promise<void> {
      await inTransaction(db, async (trx) => {
        const draft = await row(id, trx);
        await trx('bundle_drafts').where({ id }).delete();
        await appendAudit(trx, clock, { actor, action: 'draft.delete', targetType: 'bundle-draft', targetId: id, details: { bundle: draft.bundle_name, version: Number(draft.version) } });
      });
    },
  };
}

export type DraftStore = ReturnType<typeof createDraftStore>;
