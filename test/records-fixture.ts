/**
 * A record store over a test database with the organizations fixture and one bundle installed,
 * on a manual clock: what the engines built on records (SLA, notifications) start their tests from.
 */
import { join } from 'node:path';
import { createBundleRegistry, createFileAttachmentStorage, createManualClock, createRecordStore, createRecordTypes, createSchemaValidator, loadBundleFromPath, type RecordLimits } from '../engine/index.js';
import type { TestDatabase } from './for-each-database.js';
import { seedOrganizations } from './org-fixture.js';

export async function recordsFixture(t: TestDatabase, bundleDir: string, start: Date, options: { limits?: Partial<RecordLimits> } = {}) {
  await seedOrganizations(t.db);
  const clock = createManualClock(start);
  const registry = createBundleRegistry({ db: t.db, clock, schemas: createSchemaValidator() });
  await registry.importBundles([await loadBundleFromPath(bundleDir)], { actor: 'tester' });
  const types = createRecordTypes(registry, { maxAgeMs: 0 });
  const attachmentsDir = join(t.dir, 'attachments');
  const store = createRecordStore({ db: t.db, clock, types, attachments: createFileAttachmentStorage(attachmentsDir), ...(options.limits ? { limits: options.limits } : {}) });
  return { clock, registry, types, store, attachmentsDir };
}
