/**
 * A bundle form in one language: the i18n keys a form uses for its texts (titles, descriptions,
 * option titles, help and placeholders) replaced by that locale's messages. A text that is not a
 * key of the locale stays as written, so forms may also carry literal text.
 */
import type { FormDefinition } from '../../engine/index.js';

export interface LocalizedForm {
  id: string;
  title: string;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
}

type Messages = Readonly<Record<string, string>>;

/** Schema keywords whose string value is shown to people. */
const SCHEMA_TEXTS = new Set(['title', 'description']);
/** uiSchema options whose value is shown to people (a string, or a list for enum names). */
const UI_TEXTS = new Set(['ui:title', 'ui:description', 'ui:help', 'ui:placeholder', 'ui:enumNames']);

export function localizeForm(form: FormDefinition, messages: Messages): LocalizedForm {
  return {
    id: form.id,
    title: messages[form.titleKey] ?? form.titleKey,
    schema: translate(form.schema, messages, SCHEMA_TEXTS) as Record<string, unknown>,
    uiSchema: translate(form.uiSchema ?? {}, messages, UI_TEXTS) as Record<string, unknown>,
  };
}

function translate(value: unknown, messages: Messages, textKeys: ReadonlySet<string>, isText = false): unknown {
  if (typeof value === 'string') return isText ? (messages[value] ?? value) : value;
  if (Array.isArray(value)) return value.map((item) => translate(item, messages, textKeys, isText));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // `properties` names fields: a field called "title" is not a text.
    const named = key === 'properties' || key === 'definitions' || key === '$defs';
    out[key] = named ? mapValues(item, messages, textKeys) : translate(item, messages, textKeys, textKeys.has(key));
  }
  return out;
}

function mapValues(value: unknown, messages: Messages, textKeys: ReadonlySet<string>): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, translate(item, messages, textKeys)]));
}
