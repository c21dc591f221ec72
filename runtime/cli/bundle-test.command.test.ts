import { join } from 'node:path';
import { SAMPLE_BUNDLE, copySample, editJson } from '../../test/bundle-fixtures.js';
import { runCli } from '../../test/run-cli.js';
import { scenarioDatabases } from '../../test/scenario-databases.js';

/** A copy of the sample whose scenario expects the wrong first task. */
function failingSample(): string {
  const dir = copySample();
  editJson(dir, join('tests', 'accept-suggestion.json'), (scenario) => {
    const steps = scenario['steps'] as Array<Record<string, { tasks?: Array<{ task: string }> }>>;
    steps[1]!['expect']!.tasks![0]!.task = 'implement';
  });
  return dir;
}

describe.each(scenarioDatabases())('flowdesk bundle test [$dialect]', ({ databaseUrl }) => {
  const test = (...args: string[]) => runCli(['bundle', 'test', ...args, ...(databaseUrl ? ['--database', databaseUrl] : [])], {});

  it('passes the sample: exit 0 and a line per scenario', async () => {
    const run = await test(SAMPLE_BUNDLE);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^flowdesk-sample@1\.0\.0\n {2}✓ An accepted suggestion is reviewed, put into practice and closed \(tests\/accept-suggestion\.json, \d+ ms\)\n1 passed, 0 failed\n$/);
  });

  it('fails with exit 1, the failing step and a diff; with --json, the error and the failed scenarios', async () => {
    const dir = failingSample();

    const run = await test(dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('step 2 of 11 (/steps/1)');
    expect(run.stdout).toMatch(/- {7}"task": "implement",\n\s+\+ {7}"task": "review",/);
    expect(run.stderr).toBe('error SCENARIO_FAILED: 1 of 1 scenarios of flowdesk-sample@1.0.0 failed\n');

    const json = await runCli(['--json', 'bundle', 'test', dir, ...(databaseUrl ? ['--database', databaseUrl] : [])], {});
    expect(json.code).toBe(1);
    expect(json.json()).toMatchObject({ error: { code: 'SCENARIO_FAILED', details: [{ file: 'tests/accept-suggestion.json', passed: false, failure: { index: 1 } }] } });
  });

  it('refuses an invalid scenario with exit 2 and the located problem', async () => {
    const dir = copySample();
    editJson(dir, join('tests', 'accept-suggestion.json'), (scenario) => {
      (scenario['steps'] as Array<Record<string, { as?: string }>>)[0]!['start']!.as = 'nobody';
    });

    const run = await test(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error BUNDLE_REFERENCE_UNRESOLVED: tests/accept-suggestion.json#/steps/0/start/as: person "nobody" is not defined by the scenario's world\n`);
  });
});
