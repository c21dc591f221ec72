import { parseFormFile } from './form-file.js';

describe('a form file typed as JSON', () => {
  it('is taken when it parses to an object with an id, a titleKey and object schemas', () => {
    const text = '{ "id": "sample", "titleKey": "form.sample", "schema": { "type": "object" }, "uiSchema": {} }';
    expect(parseFormFile(text)).toEqual({ form: { id: 'sample', titleKey: 'form.sample', schema: { type: 'object' }, uiSchema: {} } });
  });

  it('says why it is not taken: bad JSON, with the parser’s message, or the wrong shape', () => {
    expect(parseFormFile('{ "id": ')).toMatchObject({ problem: 'syntax', message: expect.any(String) });
    expect(parseFormFile('[]')).toEqual({ problem: 'shape' });
    expect(parseFormFile('{ "id": "x", "titleKey": "t", "schema": {}, "uiSchema": [] }')).toEqual({ problem: 'shape' });
  });
});
