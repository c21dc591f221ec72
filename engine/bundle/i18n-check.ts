import type { Problem, ProblemLocation } from '../errors/flowdesk-error.js';
import type { BundleDefinitions, Located } from './bundle-definitions.js';
import { MANIFEST_FILE } from './bundle-path.js';
import { escapePointerToken } from './schema-validator.js';
import { LOCALES } from './schemas/index.js';

/** Fields of definition files whose value is an i18n key. */
const KEY_FIELD = /^(title|description|subject|body|name|label)Key$/;

interface KeyUse extends ProblemLocation {
  key: string;
}

/**
 * zh-CN and en are both first-class: both files must exist, every key a definition uses must be
 * in both, and a key in one locale must be in the other.
 */
export function checkI18n(definitions: BundleDefinitions): Problem[] {
  const problems: Problem[] = [];
  // An i18n file that could not be read has already been reported; its keys are unknowable.
  if ([...definitions.unchecked].some((u) => u.startsWith('i18n:'))) return problems;
  const byLocale = new Map(definitions.i18n.map((f) => [f.value.locale, f] as const));
  for (const locale of LOCALES) {
    if (!byLocale.has(locale)) {
      problems.push({ code: 'BUNDLE_REFERENCE_UNRESOLVED', file: MANIFEST_FILE, pointer: '/contents/i18n', message: `no i18n file for locale ${locale}` });
    }
  }
  for (const use of collectKeyUses(definitions)) {
    for (const [locale, { file, value }] of byLocale) {
      if (!Object.hasOwn(value.messages, use.key)) {
        const { key, ...where } = use;
        problems.push({ code: 'BUNDLE_REFERENCE_UNRESOLVED', ...where, message: `i18n key "${key}" is missing from ${file} (${locale})` });
      }
    }
  }
  for (const [locale, { file, value }] of byLocale) {
    for (const [other, otherFile] of byLocale) {
      if (other === locale) continue;
      for (const key of Object.keys(value.messages)) {
        if (!Object.hasOwn(otherFile.value.messages, key)) {
          problems.push({ code: 'BUNDLE_REFERENCE_UNRESOLVED', file, pointer: `/messages/${escapePointerToken(key)}`, message: `i18n key "${key}" has no ${other} text in ${otherFile.file}` });
        }
      }
    }
  }
  return problems;
}

function collectKeyUses(definitions: BundleDefinitions): KeyUse[] {
  const uses: KeyUse[] = [];
  const scan = (files: Located<unknown>[]) => files.forEach(({ file, value }) => walk(value, '', (pointer, key) => uses.push({ file, pointer, key })));
  for (const kind of ['roles', 'records', 'forms', 'calendars', 'plugins', 'sla', 'notifications', 'quality', 'surveys', 'catalog'] as const) {
    scan(definitions[kind] as Located<unknown>[]);
  }
  return uses;
}

/**
 * Calls `found` for each `*Key` field, and for each string `title` / `description` inside an
 * embedded JSON Schema (a form's `schema`, a record type's `fields`), which are keys too.
 */
function walk(value: unknown, pointer: string, found: (pointer: string, key: string) => void, inSchema = false): void {
  if (value === null || typeof value !== 'object') return;
  for (const [name, inner] of Object.entries(value)) {
    const here = `${pointer}/${escapePointerToken(name)}`;
    const isKey = KEY_FIELD.test(name) || (inSchema && (name === 'title' || name === 'description'));
    if (isKey && typeof inner === 'string') found(here, inner);
    else walk(inner, here, found, inSchema || (pointer === '' && (name === 'schema' || name === 'fields')));
  }
}
