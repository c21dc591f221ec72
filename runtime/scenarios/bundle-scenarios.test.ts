import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/bundle-fixtures.js';
import { scenarioDatabases } from '../../test/scenario-databases.js';
import { formatScenarioReport } from './scenario-diff.js';
import { runScenarios } from './scenario-runner.js';

/** Every bundle we ship, by folder name. */
const BUNDLES = readdirSync(join(REPO_ROOT, 'definitions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(REPO_ROOT, 'definitions', entry.name, 'bundle.json')))
  .map((entry) => entry.name)
  .sort();

describe.each(scenarioDatabases())('the scenarios of every bundle in definitions/ [$dialect]', ({ databaseUrl }) => {
  it.each(BUNDLES)('%s passes its scenarios', async (name) => {
    const report = await runScenarios({ bundleDir: join(REPO_ROOT, 'definitions', name), ...(databaseUrl ? { databaseUrl } : {}) });

    // The report names the failing step and diffs expected against actual.
    if (report.failed > 0) throw new Error(formatScenarioReport(report));
    expect(report.scenarios.length).toBeGreaterThan(0);
  }, 600_000);
});
