import { moduleTextOf, usesDynamicImport } from './script-module.js';

describe('the module a script compiles as', () => {
  it('is the source itself for a module', () => {
    expect(moduleTextOf({ key: 'k', kind: 'module', source: 'export function run() {}', filename: 'm.js' })).toEqual({ code: 'export function run() {}', lineOffset: 0 });
  });

  it('wraps an inline body as run(input, flowdesk), lines counted from the body', () => {
    expect(moduleTextOf({ key: 'k', kind: 'inline', source: 'return input;', filename: 'i.js' })).toEqual({
      code: 'export function run(input, flowdesk) {\nreturn input;\n}',
      lineOffset: -1,
    });
  });
});

describe('finding import()', () => {
  it.each([
    "await import('fs')",
    'import ("fs")',
    "import /* hidden */ ('fs')",
    "import // hidden\n('fs')",
    "x = 1;import('fs')",
  ])('finds %p', (code) => {
    expect(usesDynamicImport(code)).toBe(true);
  });

  it.each([
    "import fs from 'fs'",
    'import.meta',
    'loader.import(name)',
    'reimport(x)',
    'const important = (1)',
  ])('leaves %p alone', (code) => {
    expect(usesDynamicImport(code)).toBe(false);
  });
});
