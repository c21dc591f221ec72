/**
 * What a Flowdesk field keyword needs beyond its own meta-schema (schema-validator.ts): a computed
 * field (`x-flowdesk-computed`) is a top-level field of a form, computed from other fields of the
 * same form that are not computed themselves, by a table one level deep per `from` field; and an
 * attachment reference (`x-flowdesk-ref: attachment`) belongs to a form, never to a record type,
 * whose references the API checks by kind.
 */
import type { Problem } from '../errors/flowdesk-error.js';
import { escapePointerToken } from './schema-validator.js';

const COMPUTED = 'x-flowdesk-computed';
const REFERENCE = 'x-flowdesk-ref';
/** Keywords whose values are data or a keyword's own settings, not schemas to look into. */
const NOT_SCHEMAS = new Set(['const', 'default', 'enum', 'examples', COMPUTED, 'x-flowdesk-options']);
/** Keywords whose values map names (which may be any word, "default" too) to schemas. */
const NAMED_SCHEMAS = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions']);

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Problems with the computed fields of the form `formId`, whose JSON Schema is `schema` (at `/schema` of `file`). */
export function checkComputedFields(formId: string, schema: unknown, file: string): Problem[] {
  const problems: Problem[] = [];
  const properties = isObject(schema) && isObject(schema['properties']) ? schema['properties'] : {};
  const computed = Object.keys(properties).filter((name) => isObject(properties[name]) && properties[name][COMPUTED] !== undefined);
  for (const field of computed) {
    const rule = (properties[field] as Record<string, unknown>)[COMPUTED];
    const at = `/schema/properties/${escapePointerToken(field)}/${COMPUTED}`;
    if (!isObject(rule) || !Array.isArray(rule['from'])) continue; // the meta-schema has said so already
    rule['from'].forEach((name, i) => {
      const where = { file, pointer: `${at}/from/${i}` };
      if (typeof name !== 'string') return;
      if (!Object.hasOwn(properties, name)) problems.push({ code: 'BUNDLE_REFERENCE_UNRESOLVED', ...where, message: `field "${name}" is not defined by form "${formId}"` });
      else if (computed.includes(name)) problems.push({ code: 'BUNDLE_SCHEMA_INVALID', ...where, message: `field "${field}" is computed from "${name}", which is computed itself: compute from the fields people fill` });
    });
    problems.push(...checkTableDepth(rule['table'], rule['from'].length, file, `${at}/table`));
  }
  for (const pointer of keywordPointers(schema, COMPUTED, '/schema')) {
    if (!computed.some((field) => pointer === `/schema/properties/${escapePointerToken(field)}/${COMPUTED}`)) {
      problems.push({ code: 'BUNDLE_SCHEMA_INVALID', file, pointer, message: `only a top-level field of a form may be computed (${COMPUTED})` });
    }
  }
  return problems;
}

/** A record type's fields never hold attachment references. */
export function checkRecordFieldKeywords(fields: unknown, file: string): Problem[] {
  const misplaced = keywordPointers(fields, REFERENCE, '/fields').filter((pointer) => valueAt(fields, pointer.slice('/fields'.length)) === 'attachment');
  return misplaced.map((pointer) => ({ code: 'BUNDLE_SCHEMA_INVALID', file, pointer, message: `"${REFERENCE}": "attachment" is for form fields; a record keeps its files as attachments` }));
}

/** A table holds a result after exactly `depth` keys, one per `from` field. */
function checkTableDepth(table: unknown, depth: number, file: string, pointer: string): Problem[] {
  if (!isObject(table)) return [];
  return Object.entries(table).flatMap(([key, entry]): Problem[] => {
    const where = `${pointer}/${escapePointerToken(key)}`;
    if (depth > 1 && isObject(entry)) return checkTableDepth(entry, depth - 1, file, where);
    if (depth === 1 && !isObject(entry)) return [];
    const message = depth > 1 ? `expected a table keyed by the next "from" field's values (${depth - 1} more level(s)), found a result` : 'expected a result here: the table is deeper than its "from" fields';
    return [{ code: 'BUNDLE_SCHEMA_INVALID', file, pointer: where, message }];
  });
}

/** JSON pointers to every place `keyword` is used in a schema, looking through subschemas only. */
function keywordPointers(schema: unknown, keyword: string, pointer: string, found: string[] = []): string[] {
  if (Array.isArray(schema)) schema.forEach((item, i) => keywordPointers(item, keyword, `${pointer}/${i}`, found));
  if (!isObject(schema)) return found;
  for (const [key, value] of Object.entries(schema)) {
    const at = `${pointer}/${escapePointerToken(key)}`;
    if (key === keyword) found.push(at);
    if (NAMED_SCHEMAS.has(key) && isObject(value)) Object.entries(value).forEach(([name, inner]) => keywordPointers(inner, keyword, `${at}/${escapePointerToken(name)}`, found));
    else if (!NOT_SCHEMAS.has(key)) keywordPointers(value, keyword, at, found);
  }
  return found;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}
