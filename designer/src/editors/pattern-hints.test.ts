import { KIND_SCHEMAS } from '../../../engine/index.js';
import { PATTERN_HINTS, patternHint } from './pattern-hints.js';

/** Every `pattern` a schema holds, at any depth. */
function patternsIn(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => patternsIn(item, into));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'pattern' && typeof value === 'string') into.add(value);
      else patternsIn(value, into);
    }
  }
  return into;
}

describe('hints for the schema patterns', () => {
  it('name only patterns the bundle schemas use', () => {
    const used = patternsIn(Object.values(KIND_SCHEMAS));
    expect(Object.keys(PATTERN_HINTS).filter((pattern) => !used.has(pattern))).toEqual([]);
  });

  it('find the hint of a known pattern, and none for another', () => {
    expect(patternHint('^[a-z][a-z0-9]*([-_.][a-z0-9]+)*$')).toBe('id');
    expect(patternHint('^x$')).toBeUndefined();
    expect(patternHint('constructor')).toBeUndefined();
  });
});
