import semver from 'semver';
import { sha256Hex } from './bundle-archive.js';
import { indexDefinitions, type BundleDefinitions, type DefinitionIndex } from './bundle-definitions.js';
import type { BundleFiles } from './bundle-files.js';
import { MANIFEST_FILE } from './bundle-path.js';

export interface IdChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export type Bump = 'major' | 'minor' | 'patch' | 'none';

/** One side of a diff: its files and, when they could be read, its definitions. */
export interface DiffSide {
  label: string;
  version: string;
  files: BundleFiles;
  definitions?: BundleDefinitions;
}

export interface BundleDiff {
  from: { label: string; version: string };
  to: { label: string; version: string };
  /** Files other than bundle.json, compared by SHA-256. */
  files: IdChanges;
  /** Definition ids per kind (record types, forms, processes, SLA policies, …). */
  definitions: Record<string, IdChanges>;
  /** Per process id present on both sides: flow element ids. */
  processes: Record<string, IdChanges>;
  /** Per form or record type id present on both sides: field paths (`address.city`). */
  forms: Record<string, IdChanges>;
  records: Record<string, IdChanges>;
  /** Removing ids is major, adding is minor, changing is patch. */
  suggestedBump: Bump;
  /** What the version numbers actually do: major, minor, patch, none, or downgrade. */
  versionBump: Bump | 'downgrade';
}

/** Compares two versions of a bundle (installed or a folder), down to element and field ids. */
export function diffBundles(from: DiffSide, to: DiffSide): BundleDiff {
  const diff: BundleDiff = {
    from: { label: from.label, version: from.version },
    to: { label: to.label, version: to.version },
    files: compareMaps(hashesOf(from.files), hashesOf(to.files)),
    definitions: {},
    processes: {},
    forms: {},
    records: {},
    suggestedBump: 'none',
    versionBump: versionBump(from.version, to.version),
  };
  if (from.definitions && to.definitions) {
    compareDefinitions(diff, indexDefinitions(from.definitions), indexDefinitions(to.definitions));
    compareNested(diff.processes, processElements(from.definitions), processElements(to.definitions));
    compareNested(diff.forms, formFields(from.definitions, 'forms'), formFields(to.definitions, 'forms'));
    compareNested(diff.records, formFields(from.definitions, 'records'), formFields(to.definitions, 'records'));
  }
  diff.suggestedBump = suggestBump(diff);
  return diff;
}

function hashesOf(files: BundleFiles): Map<string, string> {
  return new Map([...files].filter(([path]) => path !== MANIFEST_FILE).map(([path, bytes]) => [path, sha256Hex(bytes)]));
}

function compareMaps(before: Map<string, string>, after: Map<string, string>): IdChanges {
  const changes: IdChanges = { added: [], removed: [], changed: [] };
  for (const [id, value] of after) {
    if (!before.has(id)) changes.added.push(id);
    else if (before.get(id) !== value) changes.changed.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) changes.removed.push(id);
  for (const list of Object.values(changes)) list.sort();
  return changes;
}

const isEmpty = (c: IdChanges) => c.added.length + c.removed.length + c.changed.length === 0;

function compareDefinitions(diff: BundleDiff, before: DefinitionIndex, after: DefinitionIndex): void {
  for (const kind of Object.keys(after) as Array<keyof DefinitionIndex>) {
    const ids = (index: DefinitionIndex) => new Map((kind === 'records' ? Object.keys(index.records) : index[kind]).map((id) => [id, '']));
    const changes = compareMaps(ids(before), ids(after));
    if (!isEmpty(changes)) diff.definitions[kind] = changes;
  }
}

function compareNested(into: Record<string, IdChanges>, before: Map<string, Map<string, string>>, after: Map<string, Map<string, string>>): void {
  for (const [id, items] of after) {
    const previous = before.get(id);
    if (!previous) continue;
    const changes = compareMaps(previous, items);
    if (!isEmpty(changes)) into[id] = changes;
  }
}

function processElements(definitions: BundleDefinitions): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  for (const { value } of definitions.processes) {
    for (const process of value) {
      result.set(process.id, new Map(process.elements.map((e) => [e.id, JSON.stringify([e.type, e.name ?? '', e.attributes])])));
    }
  }
  return result;
}

function formFields(definitions: BundleDefinitions, kind: 'forms' | 'records'): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  for (const { value } of definitions[kind]) {
    const schema = 'schema' in value ? value.schema : value.fields;
    const fields = new Map<string, string>();
    collectFields(schema, '', fields);
    result.set(value.id, fields);
  }
  return result;
}

/** Each property, nested ones as dotted paths, with its own schema minus its children. */
function collectFields(schema: unknown, prefix: string, into: Map<string, string>): void {
  const properties = (schema as { properties?: Record<string, unknown> } | null)?.properties;
  if (!properties || typeof properties !== 'object') return;
  for (const [name, child] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const { properties: _nested, ...own } = (child ?? {}) as Record<string, unknown>;
    into.set(path, JSON.stringify(own));
    collectFields(child, path, into);
  }
}

function suggestBump(diff: BundleDiff): Bump {
  const all = [diff.files, ...Object.values(diff.definitions), ...Object.values(diff.processes), ...Object.values(diff.forms), ...Object.values(diff.records)];
  if (all.some((c) => c.removed.length > 0)) return 'major';
  if (all.some((c) => c.added.length > 0)) return 'minor';
  if (all.some((c) => c.changed.length > 0)) return 'patch';
  return 'none';
}

function versionBump(from: string, to: string): Bump | 'downgrade' {
  if (!semver.valid(from) || !semver.valid(to)) return 'none';
  if (semver.lt(to, from)) return 'downgrade';
  if (semver.eq(to, from)) return 'none';
  const kind = semver.diff(from, to);
  if (kind === 'major' || kind === 'premajor') return 'major';
  if (kind === 'minor' || kind === 'preminor') return 'minor';
  return 'patch';
}
