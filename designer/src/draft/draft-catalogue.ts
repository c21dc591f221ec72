/**
 * What a draft's files define, read from their text: the manifest, the ids each kind offers to
 * pickers, and the bundle texts. Files that do not parse are skipped here (the check reports
 * them), so a half-typed JSON file never breaks the other editors. Browser-free, for tests.
 */
import type { DraftCatalogue, PluginSummary, RecordTypeSummary } from './draft-model.js';

export interface Manifest {
  name: string;
  version: string;
  contents: Record<string, string[] | undefined>;
  [key: string]: unknown;
}

export type DraftFiles = ReadonlyMap<string, string>;

export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const ids = (list: unknown): string[] => (Array.isArray(list) ? list.filter(isObject).map((item) => item['id']).filter((id): id is string => typeof id === 'string') : []);

export function manifestOf(files: DraftFiles): Manifest | undefined {
  const manifest = parseJson(files.get('bundle.json'));
  if (!isObject(manifest) || !isObject(manifest['contents'])) return undefined;
  return manifest as Manifest;
}

/** The parsed JSON files of one content kind, in manifest order. */
function filesOf(files: DraftFiles, manifest: Manifest | undefined, kind: string): Json[] {
  return (manifest?.contents[kind] ?? []).map((path) => parseJson(files.get(path))).filter(isObject);
}

/** The process ids a BPMN file declares (`<…:process id="…">`). */
export function processIdsOf(xml: string): string[] {
  return [...xml.matchAll(/<(?:[\w-]+:)?process\b[^>]*?\sid="([^"]+)"/g)].map((match) => match[1]!);
}

function pluginSummary(plugin: Json): PluginSummary | undefined {
  if (typeof plugin['id'] !== 'string') return undefined;
  const inputs = isObject(plugin['inputs']) ? plugin['inputs'] : {};
  return {
    id: plugin['id'],
    inputs: isObject(inputs['properties']) ? Object.keys(inputs['properties']) : [],
    required: Array.isArray(inputs['required']) ? inputs['required'].filter((r): r is string => typeof r === 'string') : [],
  };
}

function recordTypeSummary(type: Json): RecordTypeSummary | undefined {
  if (typeof type['id'] !== 'string') return undefined;
  const fields = isObject(type['fields']) && isObject(type['fields']['properties']) ? Object.keys(type['fields']['properties']) : [];
  return { id: type['id'], states: ids(type['states']), fields };
}

export function catalogueOf(files: DraftFiles): DraftCatalogue {
  const manifest = manifestOf(files);
  const of = (kind: string) => filesOf(files, manifest, kind);
  return {
    bundle: manifest?.name ?? '',
    forms: of('forms').map((form) => form['id']).filter((id): id is string => typeof id === 'string'),
    processes: (manifest?.contents['processes'] ?? []).flatMap((path) => processIdsOf(files.get(path) ?? '')),
    plugins: of('plugins').map(pluginSummary).filter((p): p is PluginSummary => p !== undefined),
    calendars: of('calendars').map((calendar) => calendar['id']).filter((id): id is string => typeof id === 'string'),
    slaPolicies: of('sla').flatMap((file) => ids(file['policies'])),
    notificationRules: of('notifications').flatMap((file) => ids(file['rules'])),
    roles: of('roles').flatMap((file) => ids(file['roles'])),
    recordTypes: of('records').map(recordTypeSummary).filter((r): r is RecordTypeSummary => r !== undefined),
  };
}

/** The i18n file of each locale, by path (`{ locale, messages }` files listed under contents.i18n). */
export function textFilesOf(files: DraftFiles): Map<string, { path: string; messages: Record<string, string> }> {
  const manifest = manifestOf(files);
  const out = new Map<string, { path: string; messages: Record<string, string> }>();
  for (const path of manifest?.contents['i18n'] ?? []) {
    const file = parseJson(files.get(path));
    if (isObject(file) && typeof file['locale'] === 'string' && isObject(file['messages'])) out.set(file['locale'], { path, messages: file['messages'] as Record<string, string> });
  }
  return out;
}

/** An i18n file's new text with one message set (empty text: removed); keys stay sorted. */
export function withMessage(fileText: string, key: string, text: string): string {
  const file = JSON.parse(fileText) as { messages: Record<string, string> };
  const messages = { ...file.messages };
  if (text === '') delete messages[key];
  else messages[key] = text;
  const sorted = Object.fromEntries(Object.entries(messages).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ ...file, messages: sorted }, null, 2)}\n`;
}

/** bundle.json with a file listed under a kind (once). */
export function withListedFile(manifestText: string, kind: string, path: string): string {
  const manifest = JSON.parse(manifestText) as Manifest;
  const listed = manifest.contents[kind] ?? [];
  if (listed.includes(path)) return manifestText;
  return `${JSON.stringify({ ...manifest, contents: { ...manifest.contents, [kind]: [...listed, path] } }, null, 2)}\n`;
}

/** bundle.json without a file in any kind (a kind left empty goes too). */
export function withoutListedFile(manifestText: string, path: string): string {
  const manifest = JSON.parse(manifestText) as Manifest;
  const contents = Object.fromEntries(
    Object.entries(manifest.contents)
      .map(([kind, list]) => [kind, (list ?? []).filter((listed) => listed !== path)] as const)
      .filter(([, list]) => list.length > 0),
  );
  return `${JSON.stringify({ ...manifest, contents }, null, 2)}\n`;
}

/** The kind a file is listed under in the manifest (bundle.json itself is "manifest"). */
export function kindOf(manifest: Manifest | undefined, path: string): string {
  if (path === 'bundle.json') return 'manifest';
  for (const [kind, list] of Object.entries(manifest?.contents ?? {})) if (list?.includes(path)) return kind;
  return 'other';
}
