import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import {
  FlowdeskError,
  assertValidBundle,
  diffBundles,
  loadBundleFromPath,
  loadSigningKey,
  loadTrustedKeys,
  packBundle,
  readBundleDirectory,
  sealManifest,
  signManifest,
  validateBundle,
  type BundleDiff,
  type DiffSide,
  type ImportReport,
  type LoadedBundle,
} from '../../engine/index.js';
import type { FlowdeskRuntime } from '../flowdesk-runtime.js';
import { registerBundleTestCommand } from './bundle-test.command.js';
import { formatProblems } from './cli-output.js';
import type { CliContext } from './cli-context.js';

/** `flowdesk bundle …`: validate, pack, import, export, list, diff, uninstall, test. */
export function registerBundleCommands(program: Command, context: CliContext): void {
  const bundle = program.command('bundle').description('work with definition bundles (folders or .tgz archives)');

  bundle
    .command('validate')
    .description('check a bundle folder or archive: schemas, BPMN, references, hashes')
    .argument('<source>', 'bundle folder or .tgz archive')
    .action(async (source: string) => {
      await context.run(async (out, config) => {
        const loaded = await out.progress('Reading', () => loadBundleFromPath(source, { limits: config.limits }));
        const result = await out.progress('Validating', () => assertValidBundle(loaded.files, { schemas: context.schemas() }));
        const manifest = result.definitions.manifest;
        out.result({ valid: true, name: manifest.name, version: manifest.version, contentHash: loaded.contentHash, warnings: result.problems }, () =>
          [`${manifest.name}@${manifest.version} is valid (${loaded.files.size} files)`, formatProblems(result.problems)].filter(Boolean).join('\n'),
        );
      });
    });

  bundle
    .command('pack')
    .description('validate a bundle folder and pack it into a deterministic .tgz')
    .argument('<dir>', 'bundle folder')
    .requiredOption('-o, --output <file>', 'archive to write')
    .option('--sign <key.pem>', 'sign with this Ed25519 private key (PEM)')
    .action(async (dir: string, options: { output: string; sign?: string }) => {
      await context.run(async (out, config) => {
        const files = await readBundleDirectory(dir, config.limits);
        const result = await out.progress('Validating', () => assertValidBundle(files, { schemas: context.schemas() }));
        const signature = options.sign ? signManifest(sealManifest(files), loadSigningKey(await readFile(options.sign))) : undefined;
        const archive = await packBundle(files, signature);
        await writeFileAtomically(options.output, archive);
        const manifest = result.definitions.manifest;
        out.result({ name: manifest.name, version: manifest.version, output: options.output, bytes: archive.length, signedBy: signature?.keyId ?? null }, () =>
          `packed ${manifest.name}@${manifest.version} into ${options.output} (${archive.length} bytes${signature ? `, signed by ${signature.keyId}` : ''})`,
        );
      });
    });

  bundle
    .command('import')
    .description('install bundles (folders or archives) into the registry; several at once may require each other')
    .argument('<sources...>', 'bundle folders or .tgz archives')
    .option('--dry-run', 'validate and plan, write nothing')
    .option('--trusted-keys <path>', 'PEM file or folder of trusted Ed25519 public keys (default: FLOWDESK_TRUSTED_KEYS)')
    .action(async (sources: string[], options: { dryRun?: boolean; trustedKeys?: string }) => {
      await context.withRuntime(async (out, runtime) => {
        const trustedKeys = options.trustedKeys ? await loadTrustedKeys(options.trustedKeys) : runtime.trustedKeys;
        const loaded: LoadedBundle[] = [];
        for (const source of sources) loaded.push(await out.progress(`Reading ${source}`, () => loadBundleFromPath(source, { limits: runtime.config.limits, trustedKeys })));
        const report = await out.progress('Importing', () => runtime.registry.importBundles(loaded, { dryRun: options.dryRun === true, actor: context.actor() }));
        out.result(report, () => describeImport(report));
      });
    });

  bundle
    .command('export')
    .description('write an installed version as an archive (byte-identical to pack of its source)')
    .argument('<name>', 'bundle name')
    .argument('[version]', 'version (default: the newest installed)')
    .option('-o, --output <file>', 'archive to write (default: <name>-<version>.tgz)')
    .action(async (name: string, version: string | undefined, options: { output?: string }) => {
      await context.withRuntime(async (out, runtime) => {
        const { version: installed, archive } = await runtime.registry.exportBundle(name, version);
        const output = options.output ?? `${installed.name}-${installed.version}.tgz`;
        await writeFileAtomically(output, archive);
        out.result({ name: installed.name, version: installed.version, output, bytes: archive.length }, () => `exported ${installed.name}@${installed.version} to ${output} (${archive.length} bytes)`);
      });
    });

  bundle
    .command('list')
    .description('list installed bundle versions')
    .action(async () => {
      await context.withRuntime(async (out, runtime) => {
        const versions = await runtime.registry.listVersions();
        out.result({ bundles: versions }, () =>
          versions.length === 0 ? 'no bundles installed' : versions.map((v) => `${v.name}@${v.version}  ${v.title.en} / ${v.title['zh-CN']}  (${v.fileCount} files, ${v.installedAt})`).join('\n'),
        );
      });
    });

  bundle
    .command('diff')
    .description('compare two versions: each side is name@version (installed), a folder or an archive')
    .argument('<from>', 'name@version, folder or archive')
    .argument('<to>', 'name@version, folder or archive')
    .action(async (from: string, to: string) => {
      await context.withRuntime(async (out, runtime) => {
        const sides: DiffSide[] = [];
        for (const spec of [from, to]) sides.push(await diffSide(spec, runtime));
        const diff = diffBundles(sides[0]!, sides[1]!);
        out.result(diff, () => describeDiff(diff));
      });
    });

  bundle
    .command('uninstall')
    .description('remove an installed bundle version (or all its versions); refused while another bundle requires it')
    .argument('<name>', 'bundle name')
    .argument('[version]', 'version (default: every installed version)')
    .action(async (name: string, version: string | undefined) => {
      await context.withRuntime(async (out, runtime) => {
        const removed = await runtime.registry.uninstall(name, version, context.actor());
        out.result({ removed }, () => `uninstalled ${removed.join(', ')}`);
      });
    });

  registerBundleTestCommand(bundle, context);
}

async function diffSide(spec: string, runtime: FlowdeskRuntime): Promise<DiffSide> {
  const isPath = await stat(spec).then(() => true, () => false);
  const schemas = runtime.schemas;
  if (isPath) {
    const loaded = await loadBundleFromPath(spec, { limits: runtime.config.limits });
    const { definitions } = await validateBundle(loaded.files, { schemas });
    return { label: spec, version: definitions?.manifest.version ?? '?', files: loaded.files, ...(definitions ? { definitions } : {}) };
  }
  const at = spec.lastIndexOf('@');
  const [name, version] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
  const { version: installed, files } = await runtime.registry.readFiles(name, version);
  const { definitions } = await validateBundle(files, { schemas });
  return { label: `${installed.name}@${installed.version}`, version: installed.version, files, ...(definitions ? { definitions } : {}) };
}

/** Writes next to the target and renames, so a failure never leaves a partial archive behind. */
async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  try {
    await writeFile(temporary, bytes, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new FlowdeskError('BUNDLE_SOURCE_UNREADABLE', `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { cause: error });
  }
}

function describeImport(report: ImportReport): string {
  const verb = report.dryRun ? 'would install' : 'installed';
  const lines = report.steps.map((s) => `${s.action === 'install' ? verb : 'unchanged'} ${s.name}@${s.version}${Object.keys(s.resolved).length ? `  (requires ${Object.entries(s.resolved).map(([n, v]) => `${n}@${v}`).join(', ')})` : ''}`);
  const warnings = report.steps.flatMap((s) => s.warnings);
  if (warnings.length > 0) lines.push(formatProblems(warnings));
  return lines.join('\n');
}

function describeDiff(diff: BundleDiff): string {
  const lines = [`${diff.from.label} → ${diff.to.label}`];
  const section = (title: string, changes: { added: string[]; removed: string[]; changed: string[] }) => {
    const parts = [...changes.added.map((i) => `+ ${i}`), ...changes.removed.map((i) => `- ${i}`), ...changes.changed.map((i) => `~ ${i}`)];
    if (parts.length > 0) lines.push(`${title}:`, ...parts.map((p) => `  ${p}`));
  };
  section('files', diff.files);
  for (const [kind, changes] of Object.entries(diff.definitions)) section(`definitions (${kind})`, changes);
  for (const [id, changes] of Object.entries(diff.processes)) section(`process ${id}`, changes);
  for (const [id, changes] of Object.entries(diff.forms)) section(`form ${id}`, changes);
  for (const [id, changes] of Object.entries(diff.records)) section(`record type ${id}`, changes);
  lines.push(`suggested bump: ${diff.suggestedBump}; the version numbers make it: ${diff.versionBump}`);
  return lines.join('\n');
}
