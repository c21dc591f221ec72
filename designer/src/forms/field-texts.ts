/**
 * A form's texts are i18n keys into the bundle's i18n files (the server swaps them for the texts:
 * runtime/forms/localize-form.ts). The designer names the keys it makes after the form and field
 * (`form.<formId>.<fieldId>`, `….help`, `….option.<value>`), and keeps a key a field already has,
 * even one other forms share.
 */
import { isJsonObject, type FormFile, type JsonObject } from './form-file.js';

/** engine/bundle/schemas/common.schema.ts I18nKey. */
export const I18N_KEY = /^[A-Za-z][A-Za-z0-9_]*([.-][A-Za-z0-9_]+)*$/;
const MAX_KEY_LENGTH = 200;

export const isTextKey = (text: unknown): text is string => typeof text === 'string' && text.length <= MAX_KEY_LENGTH && I18N_KEY.test(text);

/** The key the designer gives a field's text: `form.<formId>.<fieldId>` and, for the help or an option, a part after it. */
export function fieldTextKey(formId: string, fieldId: string, ...parts: string[]): string {
  return ['form', formId, fieldId, ...parts.map(keySegment)].join('.');
}

/** `key`, or `key_2`, `key_3` … when the form names it already (a renamed field keeps the key made for its old id). */
export function unusedKey(form: FormFile, key: string): string {
  const used = new Set(textKeysOf(form));
  let candidate = key;
  for (let n = 2; used.has(candidate); n += 1) candidate = `${key}_${n}`;
  return candidate;
}

/** Whether `key` is one the designer made for the field `fieldId` of `formId` (`_2`… included, see {@link unusedKey}). */
export function isFieldsOwnKey(key: string, formId: string, fieldId: string): boolean {
  const base = fieldTextKey(formId, fieldId);
  return key.startsWith(base) && /^(_\d+)?(\.|$)/.test(key.slice(base.length));
}

/** A value as a key segment: letters, digits and `_` (anything else becomes `_`). */
export function keySegment(value: string): string {
  const segment = value.replace(/[^A-Za-z0-9_]/g, '_');
  return segment.length > 0 ? segment : '_';
}

/** Schema keywords and uiSchema options whose text is a key, as localize-form.ts resolves them. */
const SCHEMA_TEXTS = new Set(['title', 'description']);
const UI_TEXTS = new Set(['ui:title', 'ui:description', 'ui:help', 'ui:placeholder']);
const NAMED = new Set(['properties', 'definitions', '$defs']);

/** Every key the form shows a text for: its title, and the titles, descriptions and ui texts in its schemas. */
export function textKeysOf(form: FormFile): string[] {
  const keys = new Set<string>([form.titleKey]);
  collect(form.schema, SCHEMA_TEXTS, keys);
  collect(form.uiSchema ?? {}, UI_TEXTS, keys);
  return [...keys].filter(isTextKey);
}

/** The keys of one field's own texts: its title, help and option titles. */
export function fieldTextKeys(schema: JsonObject): string[] {
  const keys = new Set<string>();
  collect(schema, SCHEMA_TEXTS, keys);
  return [...keys].filter(isTextKey);
}

function collect(node: unknown, textKeywords: ReadonlySet<string>, keys: Set<string>): void {
  if (Array.isArray(node)) node.forEach((item) => collect(item, textKeywords, keys));
  if (!isJsonObject(node)) return;
  for (const [keyword, value] of Object.entries(node)) {
    if (textKeywords.has(keyword) && typeof value === 'string') keys.add(value);
    else if (NAMED.has(keyword) && isJsonObject(value)) Object.values(value).forEach((inner) => collect(inner, textKeywords, keys));
    else collect(value, textKeywords, keys);
  }
}
