import type { FormFile } from './form-file.js';
import { choiceValues, conditionalFields, withVisibility } from './field-visibility.js';
import { fieldsOf, mayBeConditional, decidingCandidates, setVisibility } from './form-fields.js';

const FORM: FormFile = {
  id: 'sample',
  titleKey: 'form.sample',
  schema: {
    type: 'object',
    properties: {
      outcome: { type: 'string', oneOf: [{ const: 'done' }, { const: 'wait' }, { const: 'other' }] },
      note: { type: 'string', maxLength: 200 },
      owner: { type: 'string', 'x-flowdesk-ref': 'person' },
    },
    required: ['outcome', 'note'],
    additionalProperties: false,
    // Written by hand: requires a field that is always shown, so it is no visibility rule.
    allOf: [{ if: { properties: { outcome: { const: 'done' } }, required: ['outcome'] }, then: { required: ['owner'] } }],
  },
};

describe('fields shown on a condition', () => {
  it('moves the field with its schema and required flag into an if/then rule, and closes the root by its names', () => {
    const schema = withVisibility(FORM.schema, 'note', { field: 'outcome', values: ['done', 'wait'] });
    expect(schema['properties']).not.toHaveProperty('note');
    expect(schema['required']).toEqual(['outcome']);
    expect((schema['allOf'] as unknown[])[1]).toEqual({
      if: { properties: { outcome: { enum: ['done', 'wait'] } }, required: ['outcome'] },
      then: { properties: { note: { type: 'string', maxLength: 200 } }, required: ['note'] },
    });
    expect(schema['additionalProperties']).toBeUndefined();
    expect(schema['propertyNames']).toEqual({ enum: ['outcome', 'owner', 'note'] });
    expect(conditionalFields(schema).map((field) => [field.id, field.isRequired, field.visibility])).toEqual([['note', true, { field: 'outcome', values: ['done', 'wait'] }]]);
  });

  it('puts the field back among the root properties when it is shown always again', () => {
    const shown = withVisibility(FORM.schema, 'note', { field: 'outcome', values: ['done'] });
    expect((shown['allOf'] as Array<{ if: object }>)[1]!.if).toEqual({ properties: { outcome: { const: 'done' } }, required: ['outcome'] });
    const back = withVisibility(shown, 'note', null);
    expect(back['properties']).toEqual(FORM.schema['properties']);
    expect(back['required']).toEqual(['outcome', 'note']);
    expect(back['allOf']).toEqual(FORM.schema['allOf']);
    expect(back['additionalProperties']).toBe(false);
    expect(back['propertyNames']).toBeUndefined();
  });

  it('leaves an open root open', () => {
    const open = { ...FORM.schema, additionalProperties: undefined };
    delete open.additionalProperties;
    const schema = withVisibility(open, 'note', { field: 'outcome', values: ['done'] });
    expect(schema['propertyNames']).toBeUndefined();
    expect(schema['additionalProperties']).toBeUndefined();
  });

  it('lets only kinds the server handles anywhere be conditional, decided by a root choice field', () => {
    expect(['outcome', 'note', 'owner'].map((id) => mayBeConditional(FORM, id))).toEqual([true, true, false]);
    expect(decidingCandidates(FORM, 'note')).toEqual(['outcome']);
    expect(choiceValues(FORM, 'outcome')).toEqual(['done', 'wait', 'other']);
    const form = setVisibility(FORM, 'note', { field: 'outcome', values: ['done'] });
    expect(mayBeConditional(form, 'outcome')).toBe(false);
    expect(setVisibility(form, 'owner', { field: 'outcome', values: ['done'] })).toBe(form);
    expect(fieldsOf(form).map((field) => field.id)).toEqual(['outcome', 'note', 'owner']);
  });
});
