import { lineDiff } from './line-diff.js';

describe("a file's changes as lines", () => {
  it('marks added and removed lines and folds long unchanged runs to their context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    const after = ['a', 'b', 'c', 'd', 'e', 'F', 'g', 'h', 'i', 'j', 'k'].join('\n') + '\n';
    expect(lineDiff(before, after, 1)).toEqual([
      { kind: 'folded', count: 4 },
      { kind: 'same', text: 'e' },
      { kind: 'removed', text: 'f' },
      { kind: 'added', text: 'F' },
      { kind: 'same', text: 'g' },
      { kind: 'folded', count: 2 },
      { kind: 'same', text: 'j' },
      { kind: 'added', text: 'k' },
    ]);
  });

  it('shows a new file as all added', () => {
    expect(lineDiff('', '{\n  "a": 1\n}\n')).toEqual([
      { kind: 'added', text: '{' },
      { kind: 'added', text: '  "a": 1' },
      { kind: 'added', text: '}' },
    ]);
  });
});
