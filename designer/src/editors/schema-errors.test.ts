import { foldUnionBranches, messagesByPath, pointerOf, toFormErrors, type SchemaError } from './schema-errors.js';

const error = (instancePath: string, keyword: string, params: Record<string, unknown> = {}, schemaPath = `#/${keyword}`): SchemaError => ({ instancePath, keyword, params, schemaPath, message: `${keyword} failed` });
const describe_ = (e: SchemaError) => `${e.keyword}!`;

describe('schema errors placed on the form', () => {
  it('places a missing property at the property, and an unknown one too', () => {
    expect(pointerOf(error('/rules/0', 'required', { missingProperty: 'bodyKey' }))).toBe('/rules/0/bodyKey');
    expect(pointerOf(error('', 'additionalProperties', { additionalProperty: 'a/b' }))).toBe('/a~1b');
    expect(pointerOf(error('/timeZone', 'format', { format: 'time-zone' }))).toBe('/timeZone');
  });

  it('folds the branch errors of a failed anyOf into it, as the engine does', () => {
    const errors = [
      error('/rules/0/recipients/0', 'required', { missingProperty: 'role' }, '#/properties/rules/items/properties/recipients/items/anyOf/0/required'),
      error('/rules/0/recipients/0', 'required', { missingProperty: 'party' }, '#/properties/rules/items/properties/recipients/items/anyOf/2/required'),
      error('/rules/0/recipients/0', 'anyOf', {}, '#/properties/rules/items/properties/recipients/items/anyOf'),
      error('/rules/0/id', 'pattern', {}, '#/properties/rules/items/properties/id/pattern'),
    ];
    expect(foldUnionBranches(errors).map((e) => e.keyword)).toEqual(['anyOf', 'pattern']);
  });

  it('builds a formik error tree with lists as arrays, joining messages of one field', () => {
    const { tree, unplaced } = toFormErrors(
      [error('/rules/1/id', 'pattern'), error('/rules/1/id', 'maxLength'), error('/rules/1', 'required', { missingProperty: 'channel' }), error('/timeZone', 'format')],
      describe_,
    );
    expect(tree).toEqual({ rules: [undefined, { id: 'pattern!; maxLength!', channel: 'required!' }], timeZone: 'format!' });
    expect(Array.isArray((tree as { rules: unknown }).rules)).toBe(true);
    expect(unplaced).toEqual([]);
  });

  it('keeps apart what no control shows: unknown fields, the whole file, a list whose items have messages', () => {
    const { tree, unplaced } = toFormErrors(
      [error('', 'additionalProperties', { additionalProperty: 'colour' }), error('', 'type'), error('/rules', 'minItems'), error('/rules/0/id', 'pattern')],
      describe_,
    );
    expect(tree).toEqual({ rules: [{ id: 'pattern!' }] });
    expect(unplaced).toEqual([
      { pointer: '/colour', message: 'additionalProperties!' },
      { pointer: '', message: 'type!' },
      { pointer: '/rules', message: 'minItems!' },
    ]);
  });

  it("groups the server check's problems by the path of the field they name", () => {
    const byPath = messagesByPath([
      { pointer: '/rules/0/recordType', message: 'no record type "x"' },
      { pointer: '/rules/0/recordType', message: 'second' },
      { message: 'the file is not referenced' },
    ]);
    expect(byPath.get('rules.0.recordType')).toEqual(['no record type "x"', 'second']);
    expect(byPath.get('')).toEqual(['the file is not referenced']);
  });
});
