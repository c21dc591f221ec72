import type { TSchema } from '@sinclair/typebox';
import { FlowdeskError, problemsError, type Problem } from '../errors/flowdesk-error.js';
import { readBpmn } from './bpmn/bpmn-reader.js';
import { indexDefinitions, looseIds, type BundleDefinitions, type DefinitionIndex, type Located } from './bundle-definitions.js';
import type { BundleFiles } from './bundle-files.js';
import { MANIFEST_FILE, SIGNATURE_FILE } from './bundle-path.js';
import { checkCrossReferences } from './cross-references.js';
import { parseBundleJson } from './json-reader.js';
import type { SchemaValidator } from './schema-validator.js';
import { CONTENT_KINDS, KIND_SCHEMAS, ManifestSchema, type ContentKind, type Manifest } from './schemas/index.js';

export interface ValidationOptions {
  schemas: SchemaValidator;
  /** Indexes of bundles this one may require, by name; references into others are checked against them. */
  requiredIndexes?: ReadonlyMap<string, DefinitionIndex>;
}

export interface ValidationResult {
  /** Errors and warnings together; the bundle is valid when no problem is an error. */
  problems: Problem[];
  /** Present when the manifest itself was readable and valid. */
  definitions?: BundleDefinitions;
  index?: DefinitionIndex;
}

export function errorsOf(problems: Problem[]): Problem[] {
  return problems.filter((p) => p.severity !== 'warning');
}

/**
 * Validates a whole bundle: the manifest, every listed file against its kind's schema (all
 * violations at once), BPMN through bpmn-moddle, unlisted files, duplicate ids and every
 * cross-reference. Never throws for bad content: every finding comes back located.
 */
export async function validateBundle(files: BundleFiles, options: ValidationOptions): Promise<ValidationResult> {
  const manifestRead = readJson(files, MANIFEST_FILE, ManifestSchema, options.schemas);
  if (!manifestRead.value) return { problems: manifestRead.problems };
  const manifest = manifestRead.value as Manifest;

  const problems: Problem[] = [];
  const definitions = emptyDefinitions(manifest);
  const referenced = new Set([MANIFEST_FILE, SIGNATURE_FILE]);
  for (const kind of CONTENT_KINDS) {
    for (const [index, file] of (manifest.contents[kind] ?? []).entries()) {
      referenced.add(file);
      const pointer = `/contents/${kind}/${index}`;
      if (!files.has(file)) {
        problems.push({ code: 'BUNDLE_FILE_MISSING', file: MANIFEST_FILE, pointer, message: `lists "${file}", which the bundle does not contain` });
        continue;
      }
      problems.push(...(await readKindFile(kind, file, files, options.schemas, definitions)));
    }
  }
  for (const plugin of definitions.plugins) referenced.add(plugin.value.script);
  for (const file of files.keys()) {
    if (!referenced.has(file)) {
      problems.push({ code: 'BUNDLE_FILE_UNLISTED', file, message: 'the file is neither listed in bundle.json contents nor referenced by a definition' });
    }
  }
  problems.push(...checkCrossReferences(definitions, files, options));
  return { problems, definitions, index: indexDefinitions(definitions) };
}

/** Validates and throws the located problems as one FlowdeskError when any is an error. */
export async function assertValidBundle(files: BundleFiles, options: ValidationOptions): Promise<Required<ValidationResult>> {
  const result = await validateBundle(files, options);
  const errors = errorsOf(result.problems);
  if (errors.length > 0 || !result.definitions || !result.index) throw problemsError(errors);
  return result as Required<ValidationResult>;
}

async function readKindFile(kind: ContentKind, file: string, files: BundleFiles, schemas: SchemaValidator, into: BundleDefinitions): Promise<Problem[]> {
  if (kind === 'processes') {
    const { processes, problems } = await readBpmn(files.get(file)!, file);
    into.processes.push({ file, value: processes });
    if (processes.length === 0) into.unchecked.add('processes:*');
    return problems;
  }
  const read = readJson(files, file, KIND_SCHEMAS[kind], schemas);
  if (read.value !== undefined) (into[kind] as Located<unknown>[]).push({ file, value: read.value });
  else if (read.parsed === undefined) into.unchecked.add(`${kind}:*`);
  else for (const id of looseIds(read.parsed)) into.unchecked.add(`${kind}:${id}`);
  return read.problems;
}

/** `value` when the file is valid; `parsed` when it is well-formed JSON (valid or not). */
function readJson(files: BundleFiles, file: string, schema: TSchema, schemas: SchemaValidator): { value?: unknown; parsed?: unknown; problems: Problem[] } {
  const bytes = files.get(file);
  if (!bytes) return { problems: [{ code: 'BUNDLE_MANIFEST_MISSING', file, message: 'the bundle has no bundle.json at its root' }] };
  let value: unknown;
  try {
    value = parseBundleJson(bytes, file);
  } catch (error) {
    if (error instanceof FlowdeskError) return { problems: error.details as Problem[] };
    throw error;
  }
  const problems = schemas.check(schema, value, file);
  return problems.length > 0 ? { parsed: value, problems } : { value, parsed: value, problems };
}

function emptyDefinitions(manifest: Manifest): BundleDefinitions {
  return {
    manifest,
    i18n: [],
    roles: [],
    records: [],
    forms: [],
    calendars: [],
    plugins: [],
    processes: [],
    sla: [],
    notifications: [],
    quality: [],
    surveys: [],
    catalog: [],
    tests: [],
    unchecked: new Set(),
  };
}
