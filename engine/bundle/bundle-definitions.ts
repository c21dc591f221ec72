import type { BpmnProcessInfo } from './bpmn/bpmn-reader.js';
import type {
  CalendarDefinition,
  CatalogFile,
  FormDefinition,
  I18nFile,
  Manifest,
  NotificationsFile,
  PluginDeclaration,
  QualityFile,
  RecordTypeDefinition,
  RolesFile,
  ScenarioFile,
  SlaFile,
  SurveysFile,
} from './schemas/index.js';

/** A parsed file and where it came from. */
export interface Located<T> {
  file: string;
  value: T;
}

/** Every file of a bundle, parsed and schema-checked, grouped by kind. */
export interface BundleDefinitions {
  manifest: Manifest;
  i18n: Located<I18nFile>[];
  roles: Located<RolesFile>[];
  records: Located<RecordTypeDefinition>[];
  forms: Located<FormDefinition>[];
  calendars: Located<CalendarDefinition>[];
  plugins: Located<PluginDeclaration>[];
  processes: Located<BpmnProcessInfo[]>[];
  sla: Located<SlaFile>[];
  notifications: Located<NotificationsFile>[];
  quality: Located<QualityFile>[];
  surveys: Located<SurveysFile>[];
  catalog: Located<CatalogFile>[];
  tests: Located<ScenarioFile>[];
  /**
   * Ids found in files that failed their schema check, as `kind:id`, or `kind:*` when a file of
   * that kind could not be read at all. References to them are not reported again: the first
   * error already points at the file to fix.
   */
  unchecked: Set<string>;
}

/**
 * What a bundle offers to bundles that require it: the ids of its definitions, and for record
 * types their fields and states. Stored with each installed version.
 */
export interface DefinitionIndex {
  records: Record<string, { fields: string[]; states: string[] }>;
  forms: string[];
  calendars: string[];
  plugins: string[];
  processes: string[];
  sla: string[];
  notifications: string[];
  quality: string[];
  catalog: string[];
  roles: string[];
}

export type IndexedKind = Exclude<keyof DefinitionIndex, 'records'>;

/** Field names declared at the top level of an embedded JSON Schema. */
export function topLevelFields(schema: Record<string, unknown>): string[] {
  const properties = schema['properties'];
  return properties !== null && typeof properties === 'object' ? Object.keys(properties) : [];
}

export function indexDefinitions(definitions: BundleDefinitions): DefinitionIndex {
  const ids = <T>(files: Located<T>[], pick: (value: T) => Array<{ id: string }>) => files.flatMap((f) => pick(f.value).map((d) => d.id));
  return {
    records: Object.fromEntries(
      definitions.records.map(({ value }) => [value.id, { fields: topLevelFields(value.fields), states: value.states.map((s) => s.id) }]),
    ),
    forms: definitions.forms.map((f) => f.value.id),
    calendars: definitions.calendars.map((f) => f.value.id),
    plugins: definitions.plugins.map((f) => f.value.id),
    processes: definitions.processes.flatMap((f) => f.value.filter((p) => p.isExecutable).map((p) => p.id)),
    sla: ids(definitions.sla, (v) => v.policies ?? []),
    notifications: ids(definitions.notifications, (v) => v.rules),
    quality: ids(definitions.quality, (v) => v.rules),
    catalog: ids(definitions.catalog, (v) => v.entries),
    roles: ids(definitions.roles, (v) => v.roles),
  };
}

/** Ids a file declares, read loosely from a value that failed its schema check. */
export function looseIds(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const lists = ['roles', 'policies', 'rules', 'entries'].map((key) => record[key]).filter(Array.isArray) as unknown[][];
  const ids = lists.flat().map((item) => (item as { id?: unknown } | null)?.id);
  return [record['id'], ...ids].filter((id): id is string => typeof id === 'string');
}
