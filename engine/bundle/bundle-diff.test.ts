import { SAMPLE_BUNDLE, copySample, editJson, editText } from '../../test/bundle-fixtures.js';
import { diffBundles, type DiffSide } from './bundle-diff.js';
import { readBundleDirectory } from './bundle-files.js';
import { validateBundle } from './bundle-validator.js';
import { createSchemaValidator } from './schema-validator.js';

const schemas = createSchemaValidator();

async function side(dir: string): Promise<DiffSide> {
  const files = await readBundleDirectory(dir);
  const { definitions } = await validateBundle(files, { schemas });
  return { label: dir, version: definitions!.manifest.version, files, definitions: definitions! };
}

describe('diffBundles', () => {
  it('finds nothing between a bundle and itself', async () => {
    const diff = diffBundles(await side(SAMPLE_BUNDLE), await side(SAMPLE_BUNDLE));
    expect(diff.files).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.suggestedBump).toBe('none');
  });

  it('lists process elements and form fields added, removed and changed, and suggests major when ids go', async () => {
    const next = copySample();
    editJson(next, 'bundle.json', (m) => (m['version'] = '1.1.0'));
    editText(next, 'processes/suggestion.bpmn', (x) => x.replace('name="Review the suggestion"', 'name="Review it"').replace(/<bpmn:endEvent id="declined"[\s\S]*?<\/bpmn:endEvent>/, '<bpmn:endEvent id="declined-2" name="Declined"><bpmn:incoming>rejected</bpmn:incoming></bpmn:endEvent>').replace('targetRef="declined"', 'targetRef="declined-2"'));
    editJson(next, 'forms/suggestion-review.json', (f) => {
      const properties = (f['schema'] as { properties: Record<string, unknown> }).properties;
      delete properties['reviewer'];
      properties['comment'] = { type: 'string', title: 'field.details' };
      (properties['decision'] as Record<string, unknown>)['enum'] = ['accept', 'decline', 'defer'];
    });
    const diff = diffBundles(await side(SAMPLE_BUNDLE), await side(next));
    expect(diff.processes['suggestion-box']).toEqual({ added: ['declined-2'], removed: ['declined'], changed: ['rejected', 'review'] });
    expect(diff.forms['suggestion-review']).toEqual({ added: ['comment'], removed: ['reviewer'], changed: ['decision'] });
    expect(diff.files.changed).toEqual(['forms/suggestion-review.json', 'processes/suggestion.bpmn']);
    expect(diff.suggestedBump).toBe('major');
    expect(diff.versionBump).toBe('minor');
  });

  it('suggests minor for added definitions and patch for changes only', async () => {
    const added = copySample();
    editJson(added, 'roles.json', (r) => (r['roles'] as unknown[]).push({ id: 'observer', titleKey: 'role.author', grants: [] }));
    expect(diffBundles(await side(SAMPLE_BUNDLE), await side(added))).toMatchObject({ suggestedBump: 'minor', definitions: { roles: { added: ['observer'] } } });
    const changed = copySample();
    editJson(changed, 'i18n/en.json', (i) => ((i['messages'] as Record<string, string>)['field.score'] = 'Rating'));
    expect(diffBundles(await side(SAMPLE_BUNDLE), await side(changed))).toMatchObject({ suggestedBump: 'patch', files: { changed: ['i18n/en.json'] } });
  });
});
