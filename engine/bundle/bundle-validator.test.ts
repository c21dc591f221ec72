import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_BUNDLE, copySample, editJson, editText } from '../../test/bundle-fixtures.js';
import type { Problem } from '../errors/flowdesk-error.js';
import { readBundleDirectory } from './bundle-files.js';
import { errorsOf, validateBundle } from './bundle-validator.js';
import { createSchemaValidator } from './schema-validator.js';

const schemas = createSchemaValidator();
const validate = async (dir: string) => (await validateBundle(await readBundleDirectory(dir), { schemas })).problems;
const brief = (problems: Problem[]) => problems.map((p) => ({ code: p.code, file: p.file, pointer: p.pointer, element: p.element }));

describe('validateBundle', () => {
  it('finds nothing wrong with the sample bundle', async () => {
    expect(await validate(SAMPLE_BUNDLE)).toEqual([]);
  });

  it('reports every schema violation of a file at once, each with its JSON pointer', async () => {
    const dir = copySample();
    editJson(dir, 'calendars/office-hours.json', (c) => {
      c['timeZone'] = 'Mars/Olympus';
      (c['week'] as Record<string, unknown>)['mon'] = [{ from: '9am', to: '12:00' }];
      c['holidays'] = [{ date: '2027-13-45' }];
    });
    expect(brief(await validate(dir))).toEqual([
      { code: 'BUNDLE_SCHEMA_INVALID', file: 'calendars/office-hours.json', pointer: '/timeZone', element: undefined },
      { code: 'BUNDLE_SCHEMA_INVALID', file: 'calendars/office-hours.json', pointer: '/week/mon/0/from', element: undefined },
      { code: 'BUNDLE_SCHEMA_INVALID', file: 'calendars/office-hours.json', pointer: '/holidays/0/date', element: undefined },
    ]);
  });

  it('reports a calendar whose working intervals overlap or run backwards, though each matches the schema', async () => {
    const dir = copySample();
    editJson(dir, 'calendars/office-hours.json', (c) => ((c['week'] as Record<string, unknown>)['tue'] = [{ from: '09:00', to: '12:00' }, { from: '11:00', to: '18:00' }]));
    const problems = await validate(dir);
    expect(brief(problems)).toEqual([{ code: 'BUNDLE_SCHEMA_INVALID', file: 'calendars/office-hours.json', pointer: undefined, element: undefined }]);
    expect(problems[0]!.message).toBe('calendar "office-hours": tue: 11:00–18:00 overlaps or precedes the interval before it');
  });

  it('reports unknown fields by name, in the manifest and in definitions', async () => {
    const dir = copySample();
    editJson(dir, 'bundle.json', (m) => (m['licence'] = 'MIT'));
    expect(brief(await validate(dir))).toEqual([{ code: 'BUNDLE_FIELD_UNKNOWN', file: 'bundle.json', pointer: '/licence', element: undefined }]);
    const second = copySample();
    editJson(second, 'sla.json', (s) => ((s['policies'] as Array<Record<string, unknown>>)[0]!['pauseWhen'] = ['x']));
    const problems = await validate(second);
    expect(brief(problems)).toEqual([{ code: 'BUNDLE_FIELD_UNKNOWN', file: 'sla.json', pointer: '/policies/0/pauseWhen', element: undefined }]);
    expect(problems[0]!.message).toBe('unknown field "pauseWhen"');
  });

  it('reports each unresolved reference with its file and pointer or BPMN element id', async () => {
    const dir = copySample();
    editJson(dir, 'catalog.json', (c) => {
      const entry = (c['entries'] as Array<Record<string, unknown>>)[0]!;
      entry['process'] = 'no-such-process';
      entry['sla'] = 'no-such-sla';
      entry['calendar'] = 'no-such-calendar';
    });
    editJson(dir, 'forms/suggestion-review.json', (f) => (f['recordType'] = 'no-such-record'));
    editText(dir, 'processes/suggestion.bpmn', (x) =>
      x.replace('flowdesk:formKey="suggestion-review"', 'flowdesk:formKey="no-such-form"').replace('flowdesk:plugin="score-suggestion"', 'flowdesk:plugin="no-such-plugin"').replace('flowdesk:candidateGroups="suggestion-reviewer"', 'flowdesk:candidateGroups="suggestion-reviewer, no-such-role"'),
    );
    editJson(dir, 'sla.json', (s) => {
      const clock = ((s['policies'] as Array<Record<string, unknown>>)[0]!['clocks'] as Array<Record<string, unknown>>)[1]!;
      clock['pauseIn'] = ['no-such-state'];
      (clock['thresholds'] as Array<{ actions: unknown[] }>)[0]!.actions.push({ plugin: 'no-such-plugin' }, { set: { fields: { 'no-such-field': 1 } } });
    });
    expect(brief(await validate(dir))).toEqual(
      expect.arrayContaining([
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', file: 'catalog.json', pointer: '/entries/0/process', element: undefined },
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', file: 'catalog.json', pointer: '/entries/0/sla', element: undefined },
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', file: 'catalog.json', pointer: '/entries/0/calendar', element: undefined },
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', file: 'forms/suggestion-review.json', pointer: '/recordType', element: undefined },
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', file: 'processes/suggestion.bpmn', pointer: undefined, element: 'review' },
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', file: 'processes/suggestion.bpmn', pointer: undefined, element: 'score' },
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', file: 'sla.json', pointer: '/policies/0/clocks/1/pauseIn/0', element: undefined },
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', file: 'sla.json', pointer: '/policies/0/clocks/1/thresholds/0/actions/1', element: undefined },
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', file: 'sla.json', pointer: '/policies/0/clocks/1/thresholds/0/actions/2', element: undefined },
      ]),
    );
  });

  it('requires every i18n key in both zh-CN and en', async () => {
    const dir = copySample();
    editJson(dir, 'i18n/en.json', (i) => delete (i['messages'] as Record<string, string>)['form.review']);
    const problems = await validate(dir);
    expect(brief(problems)).toEqual([
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', file: 'forms/suggestion-review.json', pointer: '/titleKey', element: undefined },
      { code: 'BUNDLE_REFERENCE_UNRESOLVED', file: 'i18n/zh-CN.json', pointer: '/messages/form.review', element: undefined },
    ]);
    expect(problems[0]!.message).toContain('form.review');
  });

  it('refuses a missing locale file, a listed file that is absent and a file nobody lists', async () => {
    const dir = copySample();
    rmSync(join(dir, 'quality.json'));
    writeFileSync(join(dir, 'stray.json'), '{}');
    editJson(dir, 'bundle.json', (m) => ((m['contents'] as Record<string, string[]>)['i18n'] = ['i18n/zh-CN.json']));
    const problems = brief(await validate(dir));
    expect(problems).toEqual(
      expect.arrayContaining([
        { code: 'BUNDLE_FILE_MISSING', file: 'bundle.json', pointer: '/contents/quality/0', element: undefined },
        { code: 'BUNDLE_FILE_UNLISTED', file: 'stray.json', pointer: undefined, element: undefined },
        { code: 'BUNDLE_FILE_UNLISTED', file: 'i18n/en.json', pointer: undefined, element: undefined },
        { code: 'BUNDLE_REFERENCE_UNRESOLVED', file: 'bundle.json', pointer: '/contents/i18n', element: undefined },
      ]),
    );
  });

  it('refuses two definitions with the same id', async () => {
    const dir = copySample();
    editJson(dir, 'forms/suggestion-implement.json', (f) => (f['id'] = 'suggestion-review'));
    const problems = errorsOf(await validate(dir));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'BUNDLE_ID_DUPLICATE', file: 'forms/suggestion-implement.json', pointer: '/id', message: expect.stringContaining('forms/suggestion-review.json') }));
  });

  it('refuses a form whose JSON Schema cannot be compiled', async () => {
    const dir = copySample();
    editJson(dir, 'forms/suggestion-review.json', (f) => ((f['schema'] as Record<string, unknown>)['requried'] = ['decision']));
    expect(brief(await validate(dir))).toEqual([{ code: 'BUNDLE_SCHEMA_INVALID', file: 'forms/suggestion-review.json', pointer: '/schema', element: undefined }]);
  });

  it('compiles each form schema on its own: the same $id in two forms, or in two runs, never clashes', async () => {
    const dir = copySample();
    for (const form of ['forms/suggestion-review.json', 'forms/suggestion-implement.json']) {
      editJson(dir, form, (f) => ((f['schema'] as Record<string, unknown>)['$id'] = 'https://example.test/shared-form'));
    }
    expect(await validate(dir)).toEqual([]);
    expect(await validate(dir)).toEqual([]);
  });

  it('refuses a service task with no plugin and a due date that is not a duration', async () => {
    const dir = copySample();
    editText(dir, 'processes/suggestion.bpmn', (x) => x.replace(' flowdesk:plugin="score-suggestion"', '').replace('flowdesk:dueIn="PT8H"', 'flowdesk:dueIn="8 hours"'));
    editJson(dir, 'bundle.json', (m) => ((m['contents'] as Record<string, string[]>)['plugins'] = []));
    const problems = brief(errorsOf(await validate(dir)));
    expect(problems).toEqual(
      expect.arrayContaining([
        { code: 'BUNDLE_BPMN_INVALID', file: 'processes/suggestion.bpmn', pointer: undefined, element: 'score' },
        { code: 'BUNDLE_BPMN_INVALID', file: 'processes/suggestion.bpmn', pointer: undefined, element: 'review' },
      ]),
    );
  });

  it('refuses a condition that does not parse and a loop that never waits, by element id', async () => {
    const dir = copySample();
    editText(dir, 'processes/suggestion.bpmn', (x) =>
      x
        .replace('${decision == "accept"}', '${decision ==}')
        .replace('<bpmn:sequenceFlow id="to-review" sourceRef="score" targetRef="review" />', '<bpmn:sequenceFlow id="to-review" sourceRef="score" targetRef="decision" />')
        .replace('<bpmn:sequenceFlow id="rejected" sourceRef="decision" targetRef="declined" />', '<bpmn:sequenceFlow id="rejected" sourceRef="decision" targetRef="score" />'),
    );
    expect(brief(await validate(dir))).toEqual([
      { code: 'BUNDLE_BPMN_INVALID', file: 'processes/suggestion.bpmn', pointer: undefined, element: 'accepted' },
      { code: 'BUNDLE_BPMN_HAZARD', file: 'processes/suggestion.bpmn', pointer: undefined, element: 'score' },
    ]);
  });

  it('checks references into a required bundle against its index, and names an unrequired one', async () => {
    const dir = copySample();
    editJson(dir, 'catalog.json', (c) => ((c['entries'] as Array<Record<string, unknown>>)[0]!['calendar'] = 'shared-calendars:beijing'));
    const files = await readBundleDirectory(dir);
    const unrequired = (await validateBundle(files, { schemas })).problems;
    expect(unrequired).toEqual([expect.objectContaining({ code: 'BUNDLE_REFERENCE_UNRESOLVED', pointer: '/entries/0/calendar', message: expect.stringContaining('does not require') })]);

    editJson(dir, 'bundle.json', (m) => (m['requires'] = { 'shared-calendars': '^1.0.0' }));
    const index = { records: {}, forms: [], calendars: ['shanghai'], plugins: [], processes: [], sla: [], notifications: [], quality: [], catalog: [], roles: [] };
    const withIndex = await validateBundle(await readBundleDirectory(dir), { schemas, requiredIndexes: new Map([['shared-calendars', index]]) });
    expect(brief(withIndex.problems)).toEqual([{ code: 'BUNDLE_REFERENCE_UNRESOLVED', file: 'catalog.json', pointer: '/entries/0/calendar', element: undefined }]);
    index.calendars.push('beijing');
    expect((await validateBundle(await readBundleDirectory(dir), { schemas, requiredIndexes: new Map([['shared-calendars', index]]) })).problems).toEqual([]);
  });
});
