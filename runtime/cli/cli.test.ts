import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_BUNDLE, copySample, editJson, editText } from '../../test/bundle-fixtures.js';
import { forEachDatabase, tableCounts } from '../../test/for-each-database.js';
import { runCli } from '../../test/run-cli.js';

forEachDatabase('flowdesk CLI', (database) => {
  const env = () => ({ FLOWDESK_DATABASE_URL: database().url, FLOWDESK_DATA_DIR: database().dir });
  const cli = (...args: string[]) => runCli(args, env());

  it('validates the sample: exit 0 and a one-line verdict', async () => {
    const run = await cli('bundle', 'validate', SAMPLE_BUNDLE);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('flowdesk-sample@1.0.0 is valid (17 files)\n');
  });

  it('packs deterministically, imports, lists and exports byte-identically', async () => {
    const a = join(database().dir, 'a.tgz');
    const b = join(database().dir, 'b.tgz');
    expect((await cli('bundle', 'pack', SAMPLE_BUNDLE, '-o', a)).code).toBe(0);
    expect((await cli('bundle', 'pack', SAMPLE_BUNDLE, '-o', b)).code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);

    const dry = await cli('--json', 'bundle', 'import', '--dry-run', a);
    expect(dry.json()).toMatchObject({ dryRun: true, steps: [{ name: 'flowdesk-sample', action: 'install' }] });
    expect((await tableCounts(database().db)).bundle_versions).toBe(0);

    expect((await cli('bundle', 'import', a)).stdout).toBe('installed flowdesk-sample@1.0.0\n');
    expect((await cli('bundle', 'import', SAMPLE_BUNDLE)).stdout).toBe('unchanged flowdesk-sample@1.0.0\n');
    const listed = (await cli('--json', 'bundle', 'list')).json<{ bundles: Array<{ name: string; version: string }> }>();
    expect(listed.bundles.map((v) => `${v.name}@${v.version}`)).toEqual(['flowdesk-sample@1.0.0']);

    const exported = join(database().dir, 'exported.tgz');
    expect((await cli('bundle', 'export', 'flowdesk-sample', '1.0.0', '-o', exported)).code).toBe(0);
    expect(readFileSync(exported).equals(readFileSync(a))).toBe(true);
  });

  it('exits 3 on a version conflict and on an uninstall another bundle blocks', async () => {
    await cli('bundle', 'import', SAMPLE_BUNDLE);
    const changed = copySample();
    editJson(changed, 'i18n/en.json', (i) => ((i['messages'] as Record<string, string>)['field.score'] = 'Rating'));
    const conflict = await cli('--json', 'bundle', 'import', changed);
    expect(conflict.code).toBe(3);
    expect(conflict.json()).toMatchObject({ error: { code: 'BUNDLE_VERSION_CONFLICT' } });

    const dependant = copySample();
    editJson(dependant, 'bundle.json', (m) => Object.assign(m, { name: 'sample-extension', requires: { 'flowdesk-sample': '^1.0.0' } }));
    expect((await cli('bundle', 'import', dependant)).code).toBe(0);
    const blocked = await cli('bundle', 'uninstall', 'flowdesk-sample');
    expect(blocked.code).toBe(3);
    expect(blocked.stderr).toMatch(/^error BUNDLE_REQUIRED_BY: sample-extension@1\.0\.0 requires flowdesk-sample@\^1\.0\.0/);
  });

  it('diffs a folder against the installed version with ids and a suggested bump', async () => {
    await cli('bundle', 'import', SAMPLE_BUNDLE);
    const next = copySample();
    editJson(next, 'bundle.json', (m) => (m['version'] = '1.0.1'));
    editText(next, 'processes/suggestion.bpmn', (x) => x.replace('name="Done"', 'name="Finished"'));
    const run = await cli('bundle', 'diff', 'flowdesk-sample@1.0.0', next);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('process suggestion-box:\n  ~ done');
    expect(run.stdout).toContain('suggested bump: patch; the version numbers make it: patch');
    const json = (await cli('--json', 'bundle', 'diff', 'flowdesk-sample@1.0.0', next)).json();
    expect(json).toMatchObject({ processes: { 'suggestion-box': { changed: ['done'] } }, suggestedBump: 'patch' });
  });

  it('answers bad usage with INPUT_INVALID and exit 2, help with exit 0', async () => {
    const bad = await cli('--json', 'bundle', 'import', '--frobnicate', SAMPLE_BUNDLE);
    expect(bad.code).toBe(2);
    expect(bad.json()).toMatchObject({ error: { code: 'INPUT_INVALID' } });
    const help = await cli('bundle', 'import', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--dry-run');
  });

  it('migrates on demand and reports the database', async () => {
    const run = await cli('--json', 'migrate');
    expect(run.json()).toEqual({ database: database().dialect, applied: [] });
  });

  it('leaves no partial archive behind when pack refuses a bundle', async () => {
    const broken = copySample();
    editText(broken, 'roles.json', () => '{ not json');
    const out = join(database().dir, 'never.tgz');
    const run = await cli('--json', 'bundle', 'pack', broken, '-o', out);
    expect(run.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(database().dir).filter((f) => f.includes('never'))).toEqual([]);
  });
});
