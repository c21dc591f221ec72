import { join } from 'node:path';
import { copySample, editJson } from '../../test/bundle-fixtures.js';
import { readBundleDirectory } from './bundle-files.js';
import { DEFAULT_BUNDLE_LIMITS } from './bundle-limits.js';
import { validateBundle } from './bundle-validator.js';
import { createSchemaValidator } from './schema-validator.js';

const SCENARIO = join('tests', 'accept-suggestion.json');
const schemas = createSchemaValidator();

/** The problems of the sample with its scenario edited. */
async function problemsWith(edit: (scenario: Record<string, unknown>) => void) {
  const dir = copySample();
  editJson(dir, SCENARIO, edit);
  const { problems } = await validateBundle(await readBundleDirectory(dir, DEFAULT_BUNDLE_LIMITS), { schemas });
  return problems.map(({ code, pointer, message }) => ({ code, pointer, message }));
}

type Steps = Array<Record<string, Record<string, unknown>>>;
const stepsOf = (scenario: Record<string, unknown>) => scenario['steps'] as Steps;
const worldOf = (scenario: Record<string, unknown>) => scenario['world'] as Record<string, Array<Record<string, unknown>>>;

describe('scenario references', () => {
  it('accepts the sample scenario', async () => {
    expect(await problemsWith(() => undefined)).toEqual([]);
  });

  it('names every person, team, organization and world token a scenario uses but its world does not define', async () => {
    const problems = await problemsWith((scenario) => {
      const world = worldOf(scenario);
      world['people']![0]!['teams'] = ['desk'];
      world['people']![1]!['manager'] = 'boss';
      world['organizations']!.push({ id: 'branch', name: 'Branch', parent: 'head-office' });
      stepsOf(scenario)[0]!['start']!['as'] = 'nobody';
      stepsOf(scenario)[0]!['start']!['data'] = { subject: '$organization:nowhere' };
    });

    expect(problems).toEqual([
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/world/organizations/1/parent', message: `organization "head-office" is not defined by the scenario's world before it (a parent comes first)` },
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/world/people/0/teams/0', message: `team "desk" is not defined by the scenario's world` },
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/world/people/1/manager', message: `person "boss" is not defined by the scenario's world` },
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/steps/0/start/as', message: `person "nobody" is not defined by the scenario's world` },
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/steps/0/start/data/subject', message: `"$organization:nowhere" names no organization of the scenario's world` },
    ]);
  });

  it('checks tasks, states, fields, SLA clocks, rules, roles and record names against the bundle', async () => {
    const problems = await problemsWith((scenario) => {
      worldOf(scenario)['people']![0]!['roles'] = ['suggestion-writer'];
      const steps = stepsOf(scenario);
      steps[1]!['expect'] = { state: 'closed', fields: { mood: 'happy' }, tasks: [{ task: 'approve' }], sla: { 'time-to-fix': 'ok' }, notifications: [{ to: 'ann', rule: 'suggestion-thanks' }] };
      steps[3]!['claim']!['record'] = 'second';
    });

    expect(problems).toEqual([
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/world/people/0/roles/0', message: 'no role "suggestion-writer"' },
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/steps/1/expect/state', message: 'state "closed" is not defined by the record type started' },
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/steps/1/expect/fields/mood', message: 'field "mood" is not defined by the record type started' },
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/steps/1/expect/tasks/0/task', message: 'task "approve" is not defined by the process started' },
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/steps/1/expect/sla/time-to-fix', message: 'SLA clock "time-to-fix" is not defined by the SLA policies of the record type started' },
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/steps/1/expect/notifications/0/rule', message: 'no notification rule "suggestion-thanks"' },
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/steps/3/claim/record', message: 'record "second" is not defined by an earlier start step' },
    ]);
  });

  it('refuses a scenario without an offset on its start, so business time means the same everywhere', async () => {
    const problems = await problemsWith((scenario) => {
      scenario['start'] = '2027-03-08T09:00:00';
    });

    expect(problems).toEqual([expect.objectContaining({ code: 'BUNDLE_SCHEMA_INVALID', pointer: '/start' })]);
  });
});
