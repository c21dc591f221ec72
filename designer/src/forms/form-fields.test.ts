import { createSchemaValidator, KIND_SCHEMAS } from '../../../engine/index.js';
import { fieldTextKey, unusedKey } from './field-texts.js';
import type { FormFile } from './form-file.js';
import { addField, fieldIdProblem, kindContextOf, orphanedTextKeys, fieldOf, fieldsOf, newFieldId, removeField, renameField, setFieldKind, setRequired, setVisibility, updateFieldSchema } from './form-fields.js';
import { columnSpans, moveField, setColumnSpan } from './form-layout.js';

const EMPTY: FormFile = { id: 'sample', titleKey: 'form.sample', schema: { type: 'object', properties: {}, additionalProperties: false } };
const context = (form: FormFile, id: string) => kindContextOf(form, id, ['ticket']);

/** Adds fields of these kinds with their default ids. */
function withFields(form: FormFile, ...kinds: Parameters<typeof addField>[1][]): FormFile {
  return kinds.reduce((next, kind) => {
    const id = newFieldId(next, kind);
    return addField(next, kind, id, unusedKey(next, fieldTextKey(next.id, id)), context(next, id));
  }, form);
}

describe('the fields of a form', () => {
  it('adds a field of each kind with the schema its widget is chosen by, in the order added', () => {
    const form = withFields(EMPTY, 'text', 'textarea', 'integer', 'select', 'options', 'dateTime', 'person', 'record', 'file', 'richText', 'computed');
    expect(fieldsOf(form).map((field) => [field.id, field.kind])).toEqual([
      ['text1', 'text'],
      ['textarea1', 'textarea'],
      ['integer1', 'integer'],
      ['select1', 'select'],
      ['options1', 'options'],
      ['dateTime1', 'dateTime'],
      ['person1', 'person'],
      ['record1', 'record'],
      ['file1', 'file'],
      ['richText1', 'richText'],
      ['computed1', 'computed'],
    ]);
    expect(form.uiSchema).toMatchObject({ 'ui:order': fieldsOf(form).map((field) => field.id), textarea1: { 'ui:widget': 'textarea' } });
    expect(fieldOf(form, 'record1')!.schema).toMatchObject({ title: 'form.sample.record1', 'x-flowdesk-ref': 'record:ticket' });
    expect(fieldOf(form, 'computed1')!.schema['x-flowdesk-computed']).toEqual({ from: ['text1'], table: {} });
    expect(EMPTY.schema['properties']).toEqual({});
  });

  it('makes forms the bundle validator accepts', () => {
    const schemas = createSchemaValidator();
    let form = withFields(EMPTY, 'select', 'text', 'dateTime', 'computed');
    form = setVisibility(form, 'dateTime1', { field: 'select1', values: ['option1'] });
    form = setColumnSpan(form, 'text1', 12);
    expect(schemas.check(KIND_SCHEMAS.forms, form, 'forms/sample.json')).toEqual([]);
    expect(schemas.checkEmbeddedSchema(form.schema, 'forms/sample.json', '/schema')).toEqual([]);
  });

  it('refuses ids that are not field names, are taken, or could pollute prototypes', () => {
    const form = withFields(EMPTY, 'text');
    expect(['', 'has space', '1st', 'constructor', 'text1', 'summary'].map((id) => fieldIdProblem(form, id))).toEqual(['empty', 'invalid', 'invalid', 'invalid', 'taken', null]);
    expect(fieldIdProblem(form, 'text1', 'text1')).toBeNull();
  });

  it('renames a field wherever the form names it: required, order, uiSchema, rules and computed fields', () => {
    let form = withFields(EMPTY, 'select', 'textarea', 'computed');
    form = setRequired(form, 'select1', true);
    form = setVisibility(form, 'textarea1', { field: 'select1', values: ['option1'] });
    form = updateFieldSchema(form, 'computed1', (schema) => ({ ...schema, 'x-flowdesk-computed': { from: ['select1'], table: { option1: 'yes' } } }));
    form = renameField(form, 'select1', 'reason');
    form = renameField(form, 'textarea1', 'details');
    expect(form.schema['required']).toEqual(['reason']);
    expect(form.uiSchema!['ui:order']).toEqual(['reason', 'details', 'computed1']);
    expect(form.uiSchema!['details']).toEqual({ 'ui:widget': 'textarea' });
    expect(fieldOf(form, 'details')!.visibility).toEqual({ field: 'reason', values: ['option1'] });
    expect(fieldOf(form, 'computed1')!.schema['x-flowdesk-computed']).toEqual({ from: ['reason'], table: { option1: 'yes' } });
    expect(form.schema['propertyNames']).toEqual({ enum: ['reason', 'computed1', 'details'] });
  });

  it('keeps a renamed field in its place among the properties and leaves an invalid rename undone', () => {
    const form = withFields(EMPTY, 'text', 'number');
    expect(Object.keys(renameField(form, 'text1', 'title')['schema']['properties'] as object)).toEqual(['title', 'number1']);
    expect(renameField(form, 'text1', 'number1')).toBe(form);
  });

  it('removes a field, freeing the fields it decided and emptying the tables computed from it', () => {
    let form = withFields(EMPTY, 'select', 'dateTime', 'computed');
    form = setRequired(form, 'dateTime1', true);
    form = setVisibility(form, 'dateTime1', { field: 'select1', values: ['option1'] });
    form = updateFieldSchema(form, 'computed1', (schema) => ({ ...schema, 'x-flowdesk-computed': { from: ['select1'], table: { option1: 'yes' } } }));
    form = removeField(form, 'select1');
    expect(fieldsOf(form).map((field) => [field.id, field.isRequired, field.visibility])).toEqual([
      ['dateTime1', true, null],
      ['computed1', false, null],
    ]);
    expect(form.schema['allOf']).toBeUndefined();
    expect(form.schema['additionalProperties']).toBe(false);
    expect(form.schema['propertyNames']).toBeUndefined();
    expect(form.uiSchema!['dateTime1']).toBeUndefined();
    expect(fieldOf(form, 'computed1')!.schema['x-flowdesk-computed']).toEqual({ from: [], table: {} });
  });

  it('leaves a hand-written rule whose condition names a removed field to never hold', () => {
    const form: FormFile = {
      ...EMPTY,
      schema: {
        type: 'object',
        properties: { outcome: { type: 'string' }, note: { type: 'string' } },
        allOf: [{ if: { properties: { outcome: { const: 'done' } }, required: ['outcome'] }, then: { properties: { note: { minLength: 2 } }, required: ['note'] } }],
      },
    };
    expect(removeField(form, 'outcome').schema['allOf']).toEqual(form.schema['allOf']);
    expect(removeField(form, 'note').schema['allOf']).toEqual([{ if: { properties: { outcome: { const: 'done' } }, required: ['outcome'] }, then: { properties: {} } }]);
  });

  it('changes a field’s kind, keeping its texts and dropping a condition the new kind cannot have', () => {
    let form = withFields(EMPTY, 'select', 'text');
    form = updateFieldSchema(form, 'text1', (schema) => ({ ...schema, description: 'form.sample.text1.help' }));
    form = setVisibility(form, 'text1', { field: 'select1', values: ['option1'] });
    form = setFieldKind(form, 'text1', 'dateTime', context(form, 'text1'));
    expect(fieldOf(form, 'text1')).toMatchObject({ kind: 'dateTime', ui: { 'ui:widget': 'dateTime' }, visibility: { field: 'select1' } });
    form = setFieldKind(form, 'text1', 'person', context(form, 'text1'));
    expect(fieldOf(form, 'text1')).toMatchObject({ kind: 'person', ui: {}, visibility: null, schema: { title: 'form.sample.text1', description: 'form.sample.text1.help', 'x-flowdesk-ref': 'person' } });
  });

  it('reorders fields by writing ui:order, and puts fields side by side in a layout grid', () => {
    let form = withFields(EMPTY, 'text', 'number', 'dateTime');
    form = moveField(form, 2, 0);
    expect(form.uiSchema!['ui:order']).toEqual(['dateTime1', 'text1', 'number1']);
    form = setColumnSpan(form, 'text1', 12);
    expect(form.uiSchema!['ui:field']).toBe('LayoutGridField');
    form = moveField(form, 1, 2);
    expect(form.uiSchema!['ui:layoutGrid']).toEqual({
      'ui:row': { gutter: 24, children: [{ 'ui:col': { span: 24, children: ['dateTime1'] } }, { 'ui:col': { span: 24, children: ['number1'] } }, { 'ui:col': { span: 12, children: ['text1'] } }] },
    });
    form = setColumnSpan(form, 'text1', 24);
    expect(form.uiSchema!['ui:field']).toBeUndefined();
    expect(form.uiSchema!['ui:layoutGrid']).toBeUndefined();
    expect(columnSpans(form)!.get('text1')).toBe(24);
  });

  it('never hands a new field the key a renamed field kept, and lets only a removed field’s own unused texts go', () => {
    let form = renameField(withFields(EMPTY, 'select'), 'select1', 'reason');
    form = withFields(form, 'select');
    expect(fieldOf(form, 'reason')!.schema['title']).toBe('form.sample.select1');
    expect(fieldOf(form, 'select1')!.schema).toMatchObject({ title: 'form.sample.select1_2', oneOf: [{ const: 'option1', title: 'form.sample.select1.option.option1_2' }] });
    const removed = removeField(form, 'select1');
    expect(orphanedTextKeys(form, removed, 'select1')).toEqual(['form.sample.select1_2', 'form.sample.select1.option.option1_2']);
    expect(orphanedTextKeys(form, removeField(form, 'reason'), 'reason')).toEqual([]);
  });
});
