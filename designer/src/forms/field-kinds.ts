/**
 * The kinds of field the designer offers, told apart by the same schema keywords the portal's
 * widgets are chosen by (runtime/web/src/shared/forms/widgets/index.ts), and the schema a new
 * field of each kind starts with. A field the designer has no kind for (a yes/no, a date, a list)
 * is `other`: it keeps its schema and is edited as JSON.
 */
import { isJsonObject, type JsonObject } from './form-file.js';

export const FIELD_KINDS = ['text', 'textarea', 'number', 'integer', 'select', 'options', 'dateTime', 'person', 'record', 'file', 'richText', 'computed'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Shown only on a condition: the kinds the server treats the same wherever they are declared. */
export const CONDITIONAL_KINDS: ReadonlySet<FieldKind | 'other'> = new Set(['text', 'textarea', 'number', 'integer', 'select', 'options', 'dateTime']);

/** The uiSchema widget a kind needs named when the portal cannot find it from the root `properties`. */
export const CONDITIONAL_WIDGETS: Partial<Record<FieldKind, string>> = { dateTime: 'dateTime', options: 'apiOptions' };

const COMPUTED = 'x-flowdesk-computed';
const OPTIONS = 'x-flowdesk-options';
const REFERENCE = 'x-flowdesk-ref';

export function kindOf(schema: JsonObject, ui: JsonObject | undefined): FieldKind | 'other' {
  const reference = schema[REFERENCE];
  const items = isJsonObject(schema['items']) ? schema['items'] : {};
  if (schema[COMPUTED] !== undefined) return 'computed';
  if (schema[OPTIONS] !== undefined) return 'options';
  if (reference === 'person' || reference === 'user') return 'person';
  if (typeof reference === 'string' && reference.startsWith('record:')) return 'record';
  if (schema['type'] === 'array') return items[REFERENCE] === 'attachment' ? 'file' : 'other';
  if (schema['type'] === 'number') return 'number';
  if (schema['type'] === 'integer') return Array.isArray(schema['oneOf']) ? 'select' : 'integer';
  if (schema['type'] !== 'string') return 'other';
  if (schema['contentMediaType'] === 'text/html') return 'richText';
  if (schema['format'] === 'date-time') return 'dateTime';
  if (Array.isArray(schema['oneOf'])) return 'select';
  if (schema['format'] !== undefined || schema['enum'] !== undefined) return 'other';
  return ui?.['ui:widget'] === 'textarea' ? 'textarea' : 'text';
}

/** What a new field of some kinds needs from the draft: a record type to pick from, a field to compute from. */
export interface KindContext {
  recordType?: string;
  computeFrom?: string;
  /** The key of a new select's first option's text. */
  firstOptionKey: string;
}

/** The schema (without title) and the uiSchema a new field of `kind` starts with. */
export function newFieldSchema(kind: FieldKind, context: KindContext): { schema: JsonObject; ui: JsonObject } {
  const ui: JsonObject = kind === 'textarea' ? { 'ui:widget': 'textarea' } : {};
  return { schema: schemaOf(kind, context), ui };
}

function schemaOf(kind: FieldKind, context: KindContext): JsonObject {
  switch (kind) {
    case 'text':
      return { type: 'string', maxLength: 200 };
    case 'textarea':
      return { type: 'string', maxLength: 4000 };
    case 'number':
      return { type: 'number' };
    case 'integer':
      return { type: 'integer' };
    case 'select':
      return { type: 'string', oneOf: [{ const: 'option1', title: context.firstOptionKey }] };
    case 'options':
      // Our own API's list of catalog entries, as docs/web-apps.md shows it: a working start to edit.
      return { type: 'string', maxLength: 200, [OPTIONS]: { path: '/catalog/search', itemsAt: 'entries', value: 'ref', label: 'title', searchParam: 'q' } };
    case 'dateTime':
      return { type: 'string', format: 'date-time' };
    case 'person':
      return { type: 'string', [REFERENCE]: 'person' };
    case 'record':
      return { type: 'string', [REFERENCE]: `record:${context.recordType ?? ''}` };
    case 'file':
      return { type: 'array', maxItems: 10, items: { type: 'string', [REFERENCE]: 'attachment' } };
    case 'richText':
      return { type: 'string', contentMediaType: 'text/html', maxLength: 20000 };
    case 'computed':
      return { type: 'string', readOnly: true, [COMPUTED]: { from: context.computeFrom ? [context.computeFrom] : [], table: {} } };
  }
}
