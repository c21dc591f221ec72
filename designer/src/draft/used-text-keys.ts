/**
 * The i18n keys a draft's definitions use, found as the bundle check finds them
 * (engine/bundle/i18n-check.ts): `*Key` fields, and `title` / `description` inside a form's
 * `schema` or a record type's `fields`. The texts editor lists those still without a text.
 */
import { manifestOf, parseJson, type DraftFiles } from './draft-catalogue.js';

const KEY_FIELD = /^(title|description|subject|body|name|label)Key$/;
const DEFINITION_KINDS = ['roles', 'records', 'forms', 'calendars', 'plugins', 'sla', 'notifications', 'quality', 'surveys', 'catalog'];

function collect(value: unknown, keys: Set<string>, inSchema: boolean, atTop: boolean): void {
  if (value === null || typeof value !== 'object') return;
  for (const [name, inner] of Object.entries(value)) {
    const isKey = KEY_FIELD.test(name) || (inSchema && (name === 'title' || name === 'description'));
    if (isKey && typeof inner === 'string') keys.add(inner);
    else collect(inner, keys, inSchema || (atTop && (name === 'schema' || name === 'fields')), false);
  }
}

export function usedTextKeys(files: DraftFiles): string[] {
  const manifest = manifestOf(files);
  const keys = new Set<string>();
  for (const kind of DEFINITION_KINDS) for (const path of manifest?.contents[kind] ?? []) collect(parseJson(files.get(path)), keys, false, true);
  return [...keys].sort();
}
