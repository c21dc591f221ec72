import { copySample, editJson } from '../../test/bundle-fixtures.js';
import type { Problem } from '../errors/flowdesk-error.js';
import { readBundleDirectory } from './bundle-files.js';
import { validateBundle } from './bundle-validator.js';
import { createSchemaValidator } from './schema-validator.js';

const schemas = createSchemaValidator();
const validate = async (dir: string) => (await validateBundle(await readBundleDirectory(dir), { schemas })).problems;
const brief = (problems: Problem[]) => problems.map((p) => ({ code: p.code, file: p.file, pointer: p.pointer }));
const FORM = 'forms/suggestion-review.json';

/** The sample's review form with `fields` added to its schema's properties. */
function sampleWith(fields: Record<string, unknown>): string {
  const dir = copySample();
  editJson(dir, FORM, (f) => Object.assign((f['schema'] as { properties: Record<string, unknown> }).properties, fields));
  return dir;
}

const weight = (computed: Record<string, unknown>) => ({ weight: { type: 'string', 'x-flowdesk-computed': computed } });

describe('form field keywords in bundle validation', () => {
  it('accepts a computed field whose from fields are in the form and whose table has one level per from field', async () => {
    const dir = sampleWith(weight({ from: ['decision', 'reviewer'], table: { accept: { ann: 'high' }, decline: { ann: 'low' } }, otherwise: 'none' }));
    expect(await validate(dir)).toEqual([]);
  });

  it('refuses a computed field whose from names a field the form does not have', async () => {
    const dir = sampleWith(weight({ from: ['decision', 'urgency'], table: { accept: { '1': 'high' } } }));
    const problems = await validate(dir);
    expect(brief(problems)).toEqual([{ code: 'BUNDLE_REFERENCE_UNRESOLVED', file: FORM, pointer: '/schema/properties/weight/x-flowdesk-computed/from/1' }]);
    expect(problems[0]!.message).toBe('field "urgency" is not defined by form "suggestion-review"');
  });

  it('refuses a table deeper or shallower than its from fields, and computing from a computed field', async () => {
    const dir = sampleWith({
      ...weight({ from: ['decision'], table: { accept: { again: 'high' }, decline: 'low' } }),
      echo: { type: 'string', 'x-flowdesk-computed': { from: ['weight', 'decision'], table: { high: 'x' } } },
    });
    expect(brief(await validate(dir))).toEqual([
      { code: 'BUNDLE_SCHEMA_INVALID', file: FORM, pointer: '/schema/properties/weight/x-flowdesk-computed/table/accept' },
      { code: 'BUNDLE_SCHEMA_INVALID', file: FORM, pointer: '/schema/properties/echo/x-flowdesk-computed/from/0' },
      { code: 'BUNDLE_SCHEMA_INVALID', file: FORM, pointer: '/schema/properties/echo/x-flowdesk-computed/table/high' },
    ]);
  });

  it('refuses a computed field that is not a top-level field of its form', async () => {
    const dir = sampleWith({ nested: { type: 'object', properties: { inner: { type: 'string', 'x-flowdesk-computed': { from: ['decision'], table: { accept: 'x' } } } } } });
    expect(brief(await validate(dir))).toEqual([{ code: 'BUNDLE_SCHEMA_INVALID', file: FORM, pointer: '/schema/properties/nested/properties/inner/x-flowdesk-computed' }]);
  });

  it('refuses a malformed computed declaration through its meta-schema: code is never accepted', async () => {
    const dir = sampleWith(weight({ from: ['decision'], table: { accept: 'x' }, script: 'return 1' }));
    expect(brief(await validate(dir))).toEqual([{ code: 'BUNDLE_SCHEMA_INVALID', file: FORM, pointer: '/schema' }]);
  });

  it('accepts an options source under our own API and refuses one that could leave it', async () => {
    const options = (path: string) => ({ service: { type: 'string', 'x-flowdesk-options': { path, itemsAt: 'items', value: 'id', label: 'title', searchParam: 'q' } } });
    expect(await validate(sampleWith(options('/catalog/search?limit=20&lang=en')))).toEqual([]);
    for (const path of ['https://evil.test/x', '//evil.test/x', '/records/../../admin', '/a//b', 'records', '/%2e%2e/admin', '/a\\b']) {
      expect(brief(await validate(sampleWith(options(path))))).toEqual([{ code: 'BUNDLE_SCHEMA_INVALID', file: FORM, pointer: '/schema' }]);
    }
  });

  it('accepts attachment references in forms, and refuses them in record types', async () => {
    const files = { files: { type: 'array', items: { type: 'string', 'x-flowdesk-ref': 'attachment' } } };
    expect(await validate(sampleWith(files))).toEqual([]);
    const dir = copySample();
    editJson(dir, 'records/suggestion.json', (r) => Object.assign((r['fields'] as { properties: Record<string, unknown> }).properties, files));
    expect(brief(await validate(dir))).toEqual([{ code: 'BUNDLE_SCHEMA_INVALID', file: 'records/suggestion.json', pointer: '/fields/properties/files/items/x-flowdesk-ref' }]);
  });
});
