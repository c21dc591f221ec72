import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSchemaValidator, readBundleDirectory, validateBundle } from '../engine/index.js';
import { REPO_ROOT, editJson } from '../test/bundle-fixtures.js';

const schemas = createSchemaValidator();
const FIXTURE = join(REPO_ROOT, 'catalog', 'fixtures', 'catalog-demo');
const problemsOf = async (dir: string) => (await validateBundle(await readBundleDirectory(dir), { schemas })).problems.map((p) => ({ code: p.code, pointer: p.pointer }));

function fixtureWith(edit: (catalog: { families: Array<Record<string, unknown>>; services: Array<Record<string, unknown>>; entries: Array<Record<string, unknown>> }) => void): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'flowdesk-catalog-')), 'catalog-demo');
  cpSync(FIXTURE, dir, { recursive: true });
  editJson(dir, 'catalog.json', (c) => edit(c as never));
  return dir;
}

describe("a bundle's catalog, as the validator checks it", () => {
  it('finds nothing wrong with the fixture bundles', async () => {
    expect(await problemsOf(FIXTURE)).toEqual([]);
    expect(await problemsOf(join(REPO_ROOT, 'catalog', 'fixtures', 'catalog-extra'))).toEqual([]);
  });

  it('reports families, services and subcategories an entry or a service names that the catalog does not define', async () => {
    const dir = fixtureWith((c) => {
      c.services[1]!['family'] = 'no-such-family';
      c.entries[0]!['subcategory'] = 'no-such-subcategory';
      c.entries[3]!['service'] = 'no-such-service';
      c.entries[4]!['family'] = 'workplace-it';
      c.entries[2]!['approvals'] = [{ id: 'level-1', role: 'no-such-role' }];
    });
    expect(await problemsOf(dir)).toEqual(
      expect.arrayContaining([
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/services/1/family' },
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/entries/0/subcategory' },
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/entries/3/service' },
        // book-room's service (rooms) is in the facilities family.
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/entries/4/family' },
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/entries/2/approvals/0/role' },
      ]),
    );
  });

  it('requires families and services, and refuses duplicate ids among them', async () => {
    const missing = fixtureWith((c) => delete (c as Record<string, unknown>)['families']);
    const problems = (await validateBundle(await readBundleDirectory(missing), { schemas })).problems;
    expect(problems).toEqual([expect.objectContaining({ code: 'BUNDLE_SCHEMA_INVALID', file: 'catalog.json', pointer: '/', message: expect.stringContaining('families') })]);
    const twice = fixtureWith((c) => {
      c.services.push({ ...c.services[2]! });
      (c.services[0]!['subcategories'] as unknown[]).push({ id: 'passwords', titleKey: 'subcategory.passwords' });
    });
    expect(await problemsOf(twice)).toEqual(
      expect.arrayContaining([
        { code: 'BUNDLE_ID_DUPLICATE', pointer: '/services/3/id' },
        { code: 'BUNDLE_ID_DUPLICATE', pointer: '/services/0/subcategories/2/id' },
      ]),
    );
  });
});
