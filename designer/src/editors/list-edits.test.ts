import { freeId, orNothingWhenEmpty, titleKeyFor, withItemAdded, withItemMoved, withItemRemoved } from './list-edits.js';

describe('list edits', () => {
  it('adds, removes and moves items into new lists, leaving the old one as it was', () => {
    const list = ['a', 'b', 'c'];
    expect(withItemAdded(list, 'd')).toEqual(['a', 'b', 'c', 'd']);
    expect(withItemAdded(undefined, 'a')).toEqual(['a']);
    expect(withItemRemoved(list, 1)).toEqual(['a', 'c']);
    expect(withItemMoved(list, 0, 2)).toEqual(['b', 'c', 'a']);
    expect(withItemMoved(list, 0, 5)).toEqual(['a', 'b', 'c']);
    expect(list).toEqual(['a', 'b', 'c']);
  });

  it('drops an optional list with its last item', () => {
    expect(orNothingWhenEmpty([])).toBeUndefined();
    expect(orNothingWhenEmpty(undefined)).toBeUndefined();
    expect(orNothingWhenEmpty(['x'])).toEqual(['x']);
  });

  it('finds an id not taken yet and the title key of a new item', () => {
    expect(freeId('rule', [])).toBe('rule');
    expect(freeId('rule', ['rule', 'rule-2'])).toBe('rule-3');
    expect(titleKeyFor('sla', 'standard')).toBe('sla.standard');
  });
});
