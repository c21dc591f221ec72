/**
 * A bundle form file (forms/*.json; engine/bundle/schemas/form.schema.ts) as the form designer
 * reads and writes it, and where each of its fields lives: in the root schema's `properties`, or,
 * when it is shown only on a condition, in the `then` of a visibility rule (field-visibility.ts).
 * Every change makes a new file; nothing here edits the value it was given.
 */
export type JsonObject = { [key: string]: unknown };

export interface FormFile {
  $schema?: string;
  id: string;
  titleKey: string;
  recordType?: string;
  /** A JSON Schema of `type: object`; its titles and descriptions are i18n keys. */
  schema: JsonObject;
  uiSchema?: JsonObject;
}

/** Keys a bundle's JSON may not hold (engine/bundle/json-reader.ts), nor an API body: they could pollute prototypes. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const isJsonObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The object at `key` of `parent`, made there when it is missing. */
export function objectAt(parent: JsonObject, key: string): JsonObject {
  const found = parent[key];
  if (isJsonObject(found)) return found;
  const made: JsonObject = {};
  parent[key] = made;
  return made;
}

export const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** The form's root `properties` (empty when it has none). */
export function rootProperties(form: FormFile): JsonObject {
  return isJsonObject(form.schema['properties']) ? form.schema['properties'] : {};
}

/** A copy to change: the designer hands every edit back as a new file. */
export function editable(form: FormFile): FormFile & { uiSchema: JsonObject } {
  const copy = structuredClone(form);
  return { ...copy, uiSchema: copy.uiSchema ?? {} };
}

/** Adds `item` to the string list at `key` of `parent`, or takes it out; an emptied list goes. */
export function toggleListed(parent: JsonObject, key: string, item: string, isListed: boolean): void {
  const list = stringsOf(parent[key]).filter((entry) => entry !== item);
  if (isListed) list.push(item);
  if (list.length > 0) parent[key] = list;
  else delete parent[key];
}

/** `object` with the key `from` renamed to `to`, in the same place among its keys. */
export function renameKey(object: JsonObject, from: string, to: string): JsonObject {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key === from ? to : key, value]));
}

export type ParsedFormFile = { form: FormFile } | { problem: 'syntax'; message: string } | { problem: 'shape' };

/** The form file a JSON text holds: it must parse, and have an id, a titleKey and object schemas. */
export function parseFormFile(text: string): ParsedFormFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: 'syntax', message: (error as Error).message };
  }
  const isForm = isJsonObject(value) && typeof value['id'] === 'string' && typeof value['titleKey'] === 'string' && isJsonObject(value['schema']) && (value['uiSchema'] === undefined || isJsonObject(value['uiSchema']));
  return isForm ? { form: value as unknown as FormFile } : { problem: 'shape' };
}
