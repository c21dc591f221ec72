/**
 * Where a message about a file belongs: JSON pointers (what ajv and the server's check report) and
 * formik field paths (`rules.0.subjectKey`, what the form's controls are named by) for the same
 * place. The files' own keys never hold a dot, so a dotted path names exactly one place.
 */

/** `/rules/0/id` → `['rules', '0', 'id']`; `''` and `/` are the whole file. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `/rules/0/id` → `rules.0.id`; the whole file is `''`. */
export function pointerToPath(pointer: string): string {
  return pointerTokens(pointer).join('.');
}

/** `rules.0.id` → `/rules/0/id`. */
export function pathToPointer(path: string): string {
  if (path === '') return '';
  return `/${path
    .split('.')
    .map((token) => token.replace(/~/g, '~0').replace(/\//g, '~1'))
    .join('/')}`;
}

/** A dotted path from parts: `fieldPath('rules', 0, 'id')` → `rules.0.id`. */
export function fieldPath(...parts: Array<string | number>): string {
  return parts.filter((part) => part !== '').join('.');
}
