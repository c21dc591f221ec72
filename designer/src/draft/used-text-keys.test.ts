import { usedTextKeys } from './used-text-keys.js';

describe('the text keys a draft uses', () => {
  it('finds *Key fields and the titles inside form schemas and record fields, and nothing else', () => {
    const files = new Map([
      ['bundle.json', JSON.stringify({ name: 'b', version: '0.1.0', contents: { forms: ['forms/a.json'], records: ['records/r.json'], tests: ['tests/t.json'] } })],
      ['forms/a.json', JSON.stringify({ id: 'a', titleKey: 'form.a', schema: { type: 'object', properties: { x: { type: 'string', title: 'field.x', description: 'field.x.help', oneOf: [{ const: 'y', title: 'option.y' }] } } } })],
      ['records/r.json', JSON.stringify({ id: 'r', titleKey: 'record.r', fields: { properties: { s: { title: 'field.s' } } }, states: [{ id: 'open', titleKey: 'state.open' }] })],
      ['tests/t.json', JSON.stringify({ titleKey: 'not.a.definition' })],
    ]);
    expect(usedTextKeys(files)).toEqual(['field.s', 'field.x', 'field.x.help', 'form.a', 'option.y', 'record.r', 'state.open']);
  });

  it('skips a file that does not parse', () => {
    const files = new Map([
      ['bundle.json', JSON.stringify({ name: 'b', version: '0.1.0', contents: { forms: ['forms/a.json'] } })],
      ['forms/a.json', '{ "id": "a", '],
    ]);
    expect(usedTextKeys(files)).toEqual([]);
  });
});
