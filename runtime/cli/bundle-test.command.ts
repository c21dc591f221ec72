import type { Command } from 'commander';
import { FlowdeskError } from '../../engine/index.js';
import { formatScenarioReport } from '../scenarios/scenario-diff.js';
import { runScenarios } from '../scenarios/scenario-runner.js';
import type { CliContext } from './cli-context.js';

/** `flowdesk bundle test <dir>`: runs the bundle's scenario tests; exits 1 when one fails. */
export function registerBundleTestCommand(bundle: Command, context: CliContext): void {
  bundle
    .command('test')
    .description("run a bundle's scenario tests (tests/*.json) headless on a virtual clock, each in a fresh database")
    .argument('<dir>', 'bundle folder; bundles it requires are taken from the folders next to it')
    .option('--database <url>', 'a MySQL/MariaDB URL (a database per scenario is made on that server and dropped after) or sqlite:<folder> (a file per scenario, kept); default: a temporary SQLite file')
    .action(async (dir: string, options: { database?: string }) => {
      await context.run(async (out, config) => {
        const report = await out.progress('Running scenarios', () => runScenarios({ bundleDir: dir, limits: config.limits, ...(options.database ? { databaseUrl: options.database } : {}) }));
        // With --json a failure prints only the error (the failed scenarios are its details), as every command does.
        if (report.failed === 0 || !out.isJson) out.result(report, () => formatScenarioReport(report));
        if (report.failed > 0) {
          throw new FlowdeskError('SCENARIO_FAILED', `${report.failed} of ${report.scenarios.length} scenarios of ${report.bundle}@${report.version} failed`, { details: report.scenarios.filter((s) => !s.passed) });
        }
      });
    });
}
