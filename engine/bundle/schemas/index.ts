import type { TSchema } from '@sinclair/typebox';
import { CalendarSchema } from './calendar.schema.js';
import { CatalogSchema } from './catalog.schema.js';
import { FormSchema } from './form.schema.js';
import { I18nSchema } from './i18n.schema.js';
import { ManifestSchema, type ContentKind } from './manifest.schema.js';
import { NotificationsSchema } from './notification.schema.js';
import { PluginSchema } from './plugin.schema.js';
import { QualitySchema } from './quality.schema.js';
import { RecordTypeSchema } from './record-type.schema.js';
import { RolesSchema } from './roles.schema.js';
import { ScenarioSchema } from './scenario.schema.js';
import { SlaSchema } from './sla.schema.js';
import { SurveysSchema } from './survey.schema.js';

/** The JSON Schema of each JSON content kind. Processes are BPMN and have no JSON Schema. */
export const KIND_SCHEMAS: Readonly<Record<Exclude<ContentKind, 'processes'>, TSchema>> = {
  i18n: I18nSchema,
  roles: RolesSchema,
  records: RecordTypeSchema,
  forms: FormSchema,
  calendars: CalendarSchema,
  plugins: PluginSchema,
  sla: SlaSchema,
  notifications: NotificationsSchema,
  quality: QualitySchema,
  surveys: SurveysSchema,
  catalog: CatalogSchema,
  tests: ScenarioSchema,
};

/** Every schema a bundle file can be checked against, manifest first; written out to docs/schemas/. */
export const ALL_SCHEMAS: readonly TSchema[] = [ManifestSchema, ...Object.values(KIND_SCHEMAS)];

export * from './calendar.schema.js';
export * from './catalog.schema.js';
export * from './common.schema.js';
export * from './form.schema.js';
export * from './i18n.schema.js';
export * from './manifest.schema.js';
export * from './notification.schema.js';
export * from './plugin.schema.js';
export * from './quality.schema.js';
export * from './record-type.schema.js';
export * from './roles.schema.js';
export * from './scenario.schema.js';
export * from './sla.schema.js';
export * from './survey.schema.js';
