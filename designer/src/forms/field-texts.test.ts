import { fieldTextKey, isFieldsOwnKey, isTextKey, textKeysOf } from './field-texts.js';

describe('the texts of a form', () => {
  it('names the keys it makes after the form and field, and knows them again', () => {
    expect(fieldTextKey('sample', 'reason')).toBe('form.sample.reason');
    expect(fieldTextKey('sample', 'reason', 'option', 'lan wifi/2')).toBe('form.sample.reason.option.lan_wifi_2');
    expect(isFieldsOwnKey('form.sample.reason.help', 'sample', 'reason')).toBe(true);
    expect(isFieldsOwnKey('form.sample.reasons', 'sample', 'reason')).toBe(false);
  });

  it('tells a key from literal text', () => {
    expect(['field.subject', 'form.a-b.c_1', 'Free text', '标题', '', 'a..b'].map(isTextKey)).toEqual([true, true, false, false, false, false]);
  });

  it('lists every key the form shows, inside rules too, and not the names of fields', () => {
    const keys = textKeysOf({
      id: 'sample',
      titleKey: 'form.sample',
      schema: {
        properties: { title: { type: 'string', title: 'field.title' }, kind: { oneOf: [{ const: 'a', title: 'kind.a' }] } },
        allOf: [{ if: { properties: { kind: { const: 'a' } } }, then: { properties: { more: { title: 'field.more', description: 'field.more.help' } } } }],
      },
      uiSchema: { kind: { 'ui:help': 'kind.help', 'ui:widget': 'radio' } },
    });
    expect(keys.sort()).toEqual(['field.more', 'field.more.help', 'field.title', 'form.sample', 'kind.a', 'kind.help']);
  });
});
