import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_BUNDLE, copySample, editJson, editText, writeMinimalBundle } from '../../test/bundle-fixtures.js';
import { forEachDatabase, tableCounts } from '../../test/for-each-database.js';
import { readAudit } from '../audit/audit-log.js';
import { refusal } from '../../test/refusal.js';
import { createManualClock } from '../time/clock.js';
import { packBundle } from './bundle-archive.js';
import { readBundleDirectory } from './bundle-files.js';
import { createBundleRegistry } from './bundle-registry.js';
import { loadBundleFromPath } from './bundle-source.js';
import { createSchemaValidator } from './schema-validator.js';

const schemas = createSchemaValidator();
const clock = createManualClock(new Date('2026-11-23T08:00:00Z'));

/** A tiny bundle named `name` requiring `requires`, with one calendar so others can reference it. */
function tinyBundle(name: string, version = '1.0.0', requires: Record<string, string> = {}): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'flowdesk-tiny-')), name);
  return writeMinimalBundle(
    dir,
    { name, version, requires, contents: { i18n: ['i18n/zh-CN.json', 'i18n/en.json'], calendars: ['calendars/main.json'] } },
    {
      'i18n/zh-CN.json': { locale: 'zh-CN', messages: { 'cal.title': '日历' } },
      'i18n/en.json': { locale: 'en', messages: { 'cal.title': 'Calendar' } },
      'calendars/main.json': { id: 'main', titleKey: 'cal.title', timeZone: 'Asia/Shanghai', week: { mon: [{ from: '09:00', to: '18:00' }] } },
    },
  );
}

forEachDatabase('bundle registry', (database) => {
  const registry = () => createBundleRegistry({ db: database().db, clock, schemas });
  const load = (path: string) => loadBundleFromPath(path);

  it('installs the sample in one transaction, with its files and an audit row', async () => {
    const report = await registry().importBundles([await load(SAMPLE_BUNDLE)], { actor: 'tester' });
    expect(report.steps).toEqual([expect.objectContaining({ name: 'flowdesk-sample', version: '1.0.0', action: 'install' })]);
    const [listed] = await registry().listVersions();
    expect(listed).toMatchObject({ name: 'flowdesk-sample', version: '1.0.0', installedBy: 'tester', fileCount: 17, title: { 'zh-CN': '意见箱示例' } });
    const audit = await readAudit(database().db.knex, 'bundle', 'flowdesk-sample@1.0.0');
    expect(audit).toEqual([expect.objectContaining({ actor: 'tester', action: 'bundle.install', at: '2026-11-23T08:00:00.000Z' })]);
  });

  it('treats the same content again as a no-op and other content under the same version as a conflict', async () => {
    await registry().importBundles([await load(SAMPLE_BUNDLE)], { actor: 'tester' });
    const before = await tableCounts(database().db);
    const again = await registry().importBundles([await load(SAMPLE_BUNDLE)], { actor: 'tester' });
    expect(again.steps[0]!.action).toBe('unchanged');
    expect(await tableCounts(database().db)).toEqual(before);

    const changed = copySample();
    editJson(changed, 'i18n/en.json', (i) => ((i['messages'] as Record<string, string>)['field.score'] = 'Rating'));
    const error = await refusal(registry().importBundles([await load(changed)], { actor: 'tester' }));
    expect(error.code).toBe('BUNDLE_VERSION_CONFLICT');
    expect(error.exitCode).toBe(3);
    expect(await tableCounts(database().db)).toEqual(before);
  });

  it('installs a new version beside the old one; the old one stays byte-for-byte', async () => {
    await registry().importBundles([await load(SAMPLE_BUNDLE)], { actor: 'tester' });
    const next = copySample();
    editJson(next, 'bundle.json', (m) => (m['version'] = '1.1.0'));
    await registry().importBundles([await load(next)], { actor: 'tester' });
    expect((await registry().listVersions()).map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);
    const { archive } = await registry().exportBundle('flowdesk-sample', '1.0.0');
    expect(archive.equals(await packBundle(await readBundleDirectory(SAMPLE_BUNDLE)))).toBe(true);
  });

  it('writes nothing on a dry run', async () => {
    const before = await tableCounts(database().db);
    const report = await registry().importBundles([await load(SAMPLE_BUNDLE)], { actor: 'tester', dryRun: true });
    expect(report).toMatchObject({ dryRun: true, steps: [{ action: 'install' }] });
    expect(await tableCounts(database().db)).toEqual(before);
  });

  it('refuses a missing dependency, naming it, and writes nothing', async () => {
    const before = await tableCounts(database().db);
    const error = await refusal(registry().importBundles([await load(tinyBundle('needs-base', '1.0.0', { base: '^2.0.0' }))], { actor: 'tester' }));
    expect(error.code).toBe('BUNDLE_DEPENDENCY_MISSING');
    expect(error.details[0]).toMatchObject({ file: 'bundle.json', pointer: '/requires/base' });
    expect(await tableCounts(database().db)).toEqual(before);
  });

  it('refuses a dependency cycle', async () => {
    const error = await refusal(registry().importBundles([await load(tinyBundle('alpha', '1.0.0', { beta: '^1' })), await load(tinyBundle('beta', '1.0.0', { alpha: '^1' }))], { actor: 'tester' }));
    expect(error.code).toBe('BUNDLE_DEPENDENCY_CYCLE');
    expect(error.message).toContain('alpha → beta → alpha');
  });

  it('installs a batch in dependency order and resolves the newest version in range', async () => {
    await registry().importBundles([await load(tinyBundle('base', '1.0.0'))], { actor: 'tester' });
    const report = await registry().importBundles([await load(tinyBundle('app', '1.0.0', { base: '^1.0.0' })), await load(tinyBundle('base', '1.2.0'))], { actor: 'tester' });
    expect(report.steps.map((s) => `${s.name}@${s.version}:${s.action}`)).toEqual(['base@1.2.0:install', 'app@1.0.0:install']);
    expect(report.steps[1]!.resolved).toEqual({ base: '1.2.0' });
  });

  it('checks references into a required bundle at import', async () => {
    await registry().importBundles([await load(tinyBundle('base', '1.0.0'))], { actor: 'tester' });
    const sample = copySample();
    editJson(sample, 'bundle.json', (m) => (m['requires'] = { base: '^1.0.0' }));
    editJson(sample, 'catalog.json', (c) => ((c['entries'] as Array<Record<string, unknown>>)[0]!['calendar'] = 'base:nope'));
    const error = await refusal(registry().importBundles([await load(sample)], { actor: 'tester' }));
    expect(error.details[0]).toMatchObject({ code: 'BUNDLE_REFERENCE_UNRESOLVED', bundle: sample, file: 'catalog.json', pointer: '/entries/0/calendar' });
    editJson(sample, 'catalog.json', (c) => ((c['entries'] as Array<Record<string, unknown>>)[0]!['calendar'] = 'base:main'));
    await registry().importBundles([await load(sample)], { actor: 'tester' });
  });

  it('refuses to uninstall a bundle another installed bundle requires, then allows it once that one is gone', async () => {
    await registry().importBundles([await load(tinyBundle('base')), await load(tinyBundle('app', '1.0.0', { base: '^1.0.0' }))], { actor: 'tester' });
    const error = await refusal(registry().uninstall('base', undefined, 'tester'));
    expect(error.code).toBe('BUNDLE_REQUIRED_BY');
    expect(error.message).toContain('app@1.0.0');
    expect(await registry().uninstall('app', undefined, 'tester')).toEqual(['app@1.0.0']);
    expect(await registry().uninstall('base', '1.0.0', 'tester')).toEqual(['base@1.0.0']);
    expect(await tableCounts(database().db)).toMatchObject({ bundles: 0, bundle_versions: 0, bundle_files: 0, bundle_requirements: 0 });
    expect((await readAudit(database().db.knex, 'bundle')).map((a) => a.action)).toEqual(['bundle.install', 'bundle.install', 'bundle.uninstall', 'bundle.uninstall']);
  });

  it('refuses an incompatible Flowdesk range', async () => {
    const dir = tinyBundle('future');
    editJson(dir, 'bundle.json', (m) => (m['flowdesk'] = '>=9.0.0'));
    const error = await refusal(registry().importBundles([await load(dir)], { actor: 'tester' }));
    expect(error.code).toBe('BUNDLE_FLOWDESK_INCOMPATIBLE');
  });

  it('stores non-ASCII content and files over 64 KiB intact', async () => {
    const dir = copySample();
    editText(dir, 'plugins/score-suggestion.js', (js) => `${js}\n// ${'评分说明 😀 '.repeat(60000)}\n`);
    await registry().importBundles([await load(dir)], { actor: 'tester' });
    const { files } = await registry().readFiles('flowdesk-sample');
    const script = Buffer.from(files.get('plugins/score-suggestion.js')!);
    expect(script.length).toBeGreaterThan(1024 * 1024);
    expect(script.toString('utf8')).toContain('评分说明 😀 评分说明');
  });
});
