import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlowdeskError } from '../../engine/index.js';
import { copySample, writeMinimalBundle } from '../../test/bundle-fixtures.js';
import { scenarioDatabases } from '../../test/scenario-databases.js';
import { formatScenarioReport } from './scenario-diff.js';
import { runScenarios } from './scenario-runner.js';

/** The sample's world: an author and a reviewer in one organization, which may use the suggestion box. */
const WORLD = {
  organizations: [{ id: 'acme', name: 'Acme Trading' }],
  people: [
    { id: 'ann', organization: 'acme', name: 'Ann Author', roles: ['suggestion-author'] },
    { id: 'li', organization: 'acme', name: 'Li Wei', language: 'zh-CN', roles: ['suggestion-reviewer'] },
  ],
  contracts: [{ organization: 'acme', services: ['suggestion-box'] }],
};
const SUBMIT = { start: { catalogEntry: 'submit-suggestion', as: 'ann', data: { subject: 'Quieter printers', details: 'Move the printers away from the desks.', category: 'workplace' } } };
/** Monday 09:00 in Beijing, the office-hours calendar's zone. */
const MONDAY = '2027-03-08T09:00:00+08:00';

/** A copy of the sample bundle whose one scenario file holds these steps. */
function sampleWith(steps: unknown[], world: unknown = WORLD): string {
  const dir = copySample();
  writeFileSync(join(dir, 'tests', 'accept-suggestion.json'), JSON.stringify({ name: 'under test', start: MONDAY, world, steps }, null, 2));
  return dir;
}

describe.each(scenarioDatabases())('scenario runner [$dialect]', ({ databaseUrl }) => {
  const run = (bundleDir: string) => runScenarios({ bundleDir, ...(databaseUrl ? { databaseUrl } : {}) });

  it('stops at a failing expectation and shows the step with a diff of expected against actual', async () => {
    const report = await run(sampleWith([SUBMIT, { expect: { state: 'in-review', tasks: [{ task: 'review', assignee: 'li' }], fields: { subject: 'Quieter printers' } } }, { advance: { by: 'PT1H' } }]));

    expect(report).toMatchObject({ bundle: 'flowdesk-sample', passed: 0, failed: 1 });
    const [scenario] = report.scenarios;
    expect(scenario).toMatchObject({ passed: false, stepsPassed: 1, steps: 3, failure: { index: 1, message: 'the expectation does not hold' } });
    expect(scenario!.failure!.actual).toEqual({ state: 'submitted', tasks: [{ task: 'review', candidateGroups: ['suggestion-reviewer'], assignee: null }], fields: { subject: 'Quieter printers' } });
    const text = formatScenarioReport(report);
    expect(text).toContain('✗ under test (tests/accept-suggestion.json');
    expect(text).toContain('step 2 of 3 (/steps/1): {"expect":{"state":"in-review"');
    expect(text).toMatch(/- {3}"state": "in-review",\n\s+\+ {3}"state": "submitted",/);
    expect(text).toMatch(/- {7}"assignee": "li"\n\s+\+ {7}"candidateGroups": \[/);
    expect(text).toContain('0 passed, 1 failed');
  });

  it('runs the jobs falling due while time advances at their own due times, in order, on a record the delivering team holds', async () => {
    // The decision clock (P3D of office hours for workplace suggestions) warns at 75 % and 100 %, then daily.
    const world = { ...WORLD, teams: [{ id: 'desk', organization: 'acme', name: 'Service desk' }], delivery: [{ organization: 'acme', service: 'suggestion-box', team: 'desk' }] };
    const steps = [
      SUBMIT,
      { advance: { to: '2027-03-10T12:00:00+08:00' } },
      {
        expect: {
          team: 'desk',
          sla: { decision: 'warning', 'first-answer': 'breached' },
          notifications: [
            { to: 'li', rule: 'suggestion-sla-warning', channel: 'inbox', at: '2027-03-10T10:52:30+08:00' },
            { to: 'ann', rule: 'suggestion-received', channel: 'email', at: MONDAY },
          ],
        },
      },
      { advance: { by: 'P1D', calendar: 'office-hours' } },
      { expect: { sla: { decision: 'breached' }, notifications: [{ to: 'li', subjectContains: '即将超时', at: '2027-03-11T09:00:00+08:00' }] } },
    ];

    const report = await run(sampleWith(steps, world));

    expect(report.scenarios[0]).toMatchObject({ passed: true, stepsPassed: 5 });
  });

  it('acts as each person, within their reach, and names people by their scenario ids in errors', async () => {
    const report = await run(sampleWith([SUBMIT, { complete: { task: 'review', as: 'ann', data: { decision: 'accept' } } }]));

    expect(report.scenarios[0]!.failure).toMatchObject({ index: 1 });
    expect(report.scenarios[0]!.failure!.message).toMatch(/^TASK_NOT_ALLOWED: \$user:ann may not work task /);
  });

  it('refuses a scenario naming a person its world does not define, before anything runs', async () => {
    const dir = sampleWith([SUBMIT, { complete: { task: 'review', as: 'nobody', data: { decision: 'accept', reviewer: '$user:ghost' } } }]);

    const refused = await run(dir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FlowdeskError);
    expect(refused).toMatchObject({ code: 'BUNDLE_REFERENCE_UNRESOLVED' });
    expect((refused as FlowdeskError).details).toEqual([
      expect.objectContaining({ file: 'tests/accept-suggestion.json', pointer: '/steps/1/complete/as', message: `person "nobody" is not defined by the scenario's world` }),
      expect.objectContaining({ pointer: '/steps/1/complete/data/reviewer', message: `"$user:ghost" names no person of the scenario's world` }),
    ]);
  });

  it('installs the bundles a bundle requires from the folders next to it', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'flowdesk-scenarios-'));
    copySample(parent);
    const people = WORLD.people.map((p) => ({ ...p, roles: p.roles.map((r) => `flowdesk-sample:${r}`) }));
    const drill = { name: 'a drill', start: MONDAY, world: { ...WORLD, people }, steps: [{ start: { ...SUBMIT.start, catalogEntry: 'flowdesk-sample:submit-suggestion' } }, { expect: { state: 'submitted', tasks: [{ task: 'review' }] } }] };
    writeMinimalBundle(join(parent, 'suggestion-drills'), { name: 'suggestion-drills', requires: { 'flowdesk-sample': '^1.0.0' }, contents: { i18n: ['i18n/zh-CN.json', 'i18n/en.json'], tests: ['tests/drill.json'] } }, { 'tests/drill.json': drill });

    const report = await run(join(parent, 'suggestion-drills'));

    expect(report).toMatchObject({ bundle: 'suggestion-drills', passed: 1, failed: 0 });
  });
});
