/**
 * The bundle under test and every bundle it requires, found as sibling folders (definitions/),
 * loaded and validated in dependency order; and the calendars scenario steps name in them, by
 * `id` (the bundle under test) or `bundle:id`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  FlowdeskError,
  assertValidBundle,
  loadBundleFromPath,
  type BundleDefinitions,
  type BundleLimits,
  type DefinitionIndex,
  type LoadedBundle,
  type SchemaValidator,
} from '../../engine/index.js';
import { findBundleFolders } from '../flowdesk-runtime.js';

export interface ScenarioBundle {
  loaded: LoadedBundle;
  definitions: BundleDefinitions;
}

export interface ScenarioBundles {
  /** The bundle whose scenarios run. */
  subject: ScenarioBundle;
  /** Required bundles first, the subject last: the order they are installed in. */
  all: ScenarioBundle[];
  /** A calendar definition, as the subject names it. */
  calendar(ref: string): BundleDefinitions['calendars'][number]['value'] | undefined;
}

export async function loadScenarioBundles(bundleDir: string, options: { limits?: BundleLimits; schemas: SchemaValidator }): Promise<ScenarioBundles> {
  const all: ScenarioBundle[] = [];
  const indexes = new Map<string, DefinitionIndex>();
  let siblings: Map<string, string> | undefined;
  const load = async (dir: string, chain: string[]): Promise<ScenarioBundle> => {
    const loaded = await loadBundleFromPath(dir, options.limits ? { limits: options.limits } : {});
    const manifest = JSON.parse(Buffer.from(loaded.files.get('bundle.json')!).toString('utf8')) as { name: string; requires?: Record<string, string> };
    for (const name of Object.keys(manifest.requires ?? {})) {
      if (indexes.has(name)) continue;
      if (chain.includes(name)) throw new FlowdeskError('BUNDLE_DEPENDENCY_CYCLE', `bundles require each other: ${[...chain, name].join(' → ')}`);
      siblings ??= await namesOfSiblings(dirname(bundleDir));
      const found = siblings.get(name);
      if (!found) throw new FlowdeskError('BUNDLE_DEPENDENCY_MISSING', `${manifest.name} requires ${name}, which is not a folder next to it in ${dirname(bundleDir)}`);
      await load(found, [...chain, manifest.name]);
    }
    const { definitions, index } = await assertValidBundle(loaded.files, { schemas: options.schemas, requiredIndexes: indexes });
    indexes.set(definitions.manifest.name, index);
    const bundle = { loaded, definitions };
    all.push(bundle);
    return bundle;
  };
  const subject = await load(bundleDir, []);
  return { subject, all, calendar: calendarLookup(subject, all) };
}

/** Bundle name → folder, for the folders next to the bundle under test. */
async function namesOfSiblings(parent: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const folder of await findBundleFolders(parent)) {
    const manifest = JSON.parse(await readFile(join(folder, 'bundle.json'), 'utf8')) as { name?: unknown };
    if (typeof manifest.name === 'string') names.set(manifest.name, folder);
  }
  return names;
}

/** A calendar of the subject (`id`) or of a bundle it requires (`bundle:id`). */
function calendarLookup(subject: ScenarioBundle, all: ScenarioBundle[]): ScenarioBundles['calendar'] {
  const byName = new Map(all.map((b) => [b.definitions.manifest.name, b.definitions]));
  return (ref) => {
    const colon = ref.indexOf(':');
    const bundle = colon < 0 ? subject.definitions.manifest.name : ref.slice(0, colon);
    return byName.get(bundle)?.calendars.find((f) => f.value.id === ref.slice(colon + 1))?.value;
  };
}
