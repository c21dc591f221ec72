import { Type, type Static } from '@sinclair/typebox';
import { BundleName, BundlePath, LocalizedText, Sha256, fileSchema } from './common.schema.js';

/** The kinds of content a bundle can hold, in the order a reader meets them in the manifest. */
export const CONTENT_KINDS = [
  'i18n',
  'roles',
  'records',
  'forms',
  'calendars',
  'plugins',
  'processes',
  'sla',
  'notifications',
  'quality',
  'surveys',
  'catalog',
  'tests',
] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

const fileList = (description: string) =>
  Type.Optional(Type.Array(BundlePath, { uniqueItems: true, maxItems: 500, description }));

export const ManifestSchema = fileSchema('bundle', 'Flowdesk bundle manifest (bundle.json)', {
  schemaVersion: Type.Literal(1),
  name: BundleName,
  version: Type.String({ format: 'semver', maxLength: 64, description: 'Semantic version of this bundle.' }),
  title: LocalizedText,
  description: LocalizedText,
  flowdesk: Type.String({ format: 'semver-range', maxLength: 200, description: 'Flowdesk versions this bundle runs on.' }),
  requires: Type.Optional(
    Type.Record(BundleName, Type.String({ format: 'semver-range', maxLength: 200 }), {
      description: 'Other bundles this one needs, with semver ranges.',
    }),
  ),
  contents: Type.Object(
    {
      i18n: fileList('i18n/<locale>.json, one per locale; zh-CN and en are both required.'),
      roles: fileList('Roles and their grants.'),
      records: fileList('Record types.'),
      forms: fileList('Forms: JSON Schema + uiSchema.'),
      calendars: fileList('Business calendars.'),
      plugins: fileList('Plugin declarations (*.plugin.json), each naming its script.'),
      processes: fileList('BPMN 2.0 files with the Flowdesk extension.'),
      sla: fileList('SLA policies.'),
      notifications: fileList('Notification rules.'),
      quality: fileList('Quality (KPI) rules.'),
      surveys: fileList('Satisfaction surveys.'),
      catalog: fileList('Service catalog entries.'),
      tests: fileList('Scenario tests.'),
    },
    { additionalProperties: false },
  ),
  files: Type.Optional(
    Type.Record(BundlePath, Sha256, {
      description: 'SHA-256 of every other file; written by `flowdesk bundle pack`, checked at import.',
    }),
  ),
});
export type Manifest = Static<typeof ManifestSchema>;
