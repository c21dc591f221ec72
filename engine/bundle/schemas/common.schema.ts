import { Type, type TSchema } from '@sinclair/typebox';

/** Base of every `$id`; the JSON files under docs/schemas/ carry the same ids. */
export const SCHEMA_ID_BASE = 'https://flowdesk.dev/schemas/';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Text given inline in both first-class languages (used only where i18n files cannot be: the manifest). */
export const LocalizedText = Type.Object(
  { 'zh-CN': Type.String({ minLength: 1, maxLength: 2000 }), en: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

/** Ids of definitions inside a bundle: lowercase words joined by - _ or . */
export const Identifier = Type.String({ pattern: '^[a-z][a-z0-9]*([-_.][a-z0-9]+)*$', maxLength: 100 });

export const BundleName = Type.String({ pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', minLength: 2, maxLength: 100 });

/** A key into the bundle's i18n files. Every one must exist in zh-CN and en. */
export const I18nKey = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]*([.-][A-Za-z0-9_]+)*$', maxLength: 200 });

/** A file inside the bundle: relative, forward slashes, no segment starting with a dot. */
export const BundlePath = Type.String({
  pattern: '^[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*$',
  maxLength: 255,
});

/** ISO 8601 duration such as PT4H or P2DT30M (ajv-formats' `duration`). */
export const Duration = Type.String({ format: 'duration', maxLength: 50 });

export const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** A field name inside a record type. */
export const FieldName = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]*$', maxLength: 100 });

/** An embedded JSON Schema (a form's or a record type's fields, a plugin's inputs). Checked by compiling it. */
export const EmbeddedJsonSchema = Type.Unsafe<Record<string, unknown>>({ type: 'object' });

/** Lets an editor find the schema (`"$schema": "../docs/schemas/form.schema.json"`). */
export const SchemaPointer = Type.Optional(Type.String({ maxLength: 500 }));

/** Wraps a top-level file schema: closed to unknown fields, with its `$id`. */
export function fileSchema<T extends Record<string, TSchema>>(name: string, title: string, properties: T) {
  return Type.Object(
    { $schema: SchemaPointer, ...properties },
    { $id: `${SCHEMA_ID_BASE}${name}.schema.json`, title, additionalProperties: false },
  );
}

export function closedObject<T extends Record<string, TSchema>>(properties: T, description?: string) {
  return Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });
}

/** A closed list of strings as a plain `enum` (clearer errors than a union of literals). */
export function StringEnum<const T extends readonly string[]>(values: T, description?: string) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
}

/**
 * A reference to a definition: `id` in this bundle, or `bundle-name:id` in a bundle this one
 * requires. Every reference must resolve at validation.
 */
export const Reference = Type.String({
  pattern: '^([a-z][a-z0-9]*(-[a-z0-9]+)*:)?[a-z][a-z0-9]*([-_.][a-z0-9]+)*$',
  maxLength: 201,
});
