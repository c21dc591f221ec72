/**
 * The catalog over a test database: the organizations fixture and the two catalog fixture bundles
 * installed — catalog-demo (Chinese and English entries: 重置密码, 打印机故障, …) and catalog-extra
 * (adds entries to catalog-demo's `accounts` service, one named `reset-password` too) — on a
 * manual clock, and a helper that writes a contract. The clock starts on 2026-03-02 (UTC).
 */
import { join } from 'node:path';
import { createBundleRegistry, createManualClock, createSchemaValidator, loadBundleFromPath } from '../engine/index.js';
import { createCatalog, type NewContract } from '../catalog/index.js';
import { REPO_ROOT } from './bundle-fixtures.js';
import type { TestDatabase } from './for-each-database.js';
import { seedOrganizations } from './org-fixture.js';

const FIXTURES = join(REPO_ROOT, 'catalog', 'fixtures');
export const CATALOG_TODAY = '2026-03-02';

export async function catalogFixture(t: TestDatabase) {
  await seedOrganizations(t.db);
  const clock = createManualClock(new Date(`${CATALOG_TODAY}T09:00:00.000Z`));
  const registry = createBundleRegistry({ db: t.db, clock, schemas: createSchemaValidator() });
  await registry.importBundles([await loadBundleFromPath(join(FIXTURES, 'catalog-demo')), await loadBundleFromPath(join(FIXTURES, 'catalog-extra'))], { actor: 'tester' });
  const catalog = createCatalog({ db: t.db, clock, registry, maxAgeMs: 0 });
  /** A contract from the first day of 2026, active, with the given services. */
  const contract = (organizationId: string, services: NewContract['services'], extra: Partial<NewContract> = {}) =>
    catalog.contracts.create('admin', { organizationId, name: `contract of ${organizationId}`, startsOn: '2026-01-01', services, ...extra });
  return { clock, registry, catalog, contract };
}
