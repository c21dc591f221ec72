import { fieldPath, pathToPointer, pointerToPath, pointerTokens } from './field-paths.js';

describe('places in a file, as pointers and as form paths', () => {
  it('reads a JSON pointer with its escapes, the whole file being no token', () => {
    expect(pointerTokens('/rules/0/when/a~1b~0c')).toEqual(['rules', '0', 'when', 'a/b~c']);
    expect(pointerTokens('')).toEqual([]);
    expect(pointerTokens('/')).toEqual([]);
  });

  it('turns a pointer into the dotted path formik names a control by, and back', () => {
    expect(pointerToPath('/policies/1/clocks/0/stopIn')).toBe('policies.1.clocks.0.stopIn');
    expect(pathToPointer('policies.1.clocks.0.stopIn')).toBe('/policies/1/clocks/0/stopIn');
    expect(pointerToPath('')).toBe('');
    expect(pathToPointer('')).toBe('');
  });

  it('joins path parts, leaving out an empty base', () => {
    expect(fieldPath('rules', 2, 'id')).toBe('rules.2.id');
    expect(fieldPath('', 'holidays')).toBe('holidays');
  });
});
