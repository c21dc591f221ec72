import { jest } from '@jest/globals';
import type { ExpressionNode } from './expression-ast.js';
import { createParseCache } from './parse-cache.js';

describe('createParseCache', () => {
  const parser = () => jest.fn((source: string): ExpressionNode => ({ type: 'name', name: source }));

  it('parses each source once while it stays in the cache', () => {
    const parse = parser();
    const cache = createParseCache(parse, 2);
    expect(cache.parse('a')).toBe(cache.parse('a'));
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('drops the least recently used source when full', () => {
    const parse = parser();
    const cache = createParseCache(parse, 2);
    cache.parse('a');
    cache.parse('b');
    cache.parse('a');
    cache.parse('c'); // drops b, used longer ago than a
    cache.parse('a');
    expect(parse.mock.calls.map(([source]) => source)).toEqual(['a', 'b', 'c']);
    cache.parse('b');
    expect(parse).toHaveBeenCalledTimes(4);
  });

  it('keeps no failure: a bad source is parsed, and refused, every time', () => {
    const parse = jest.fn((): ExpressionNode => {
      throw new Error('bad');
    });
    const cache = createParseCache(parse, 2);
    expect(() => cache.parse('x')).toThrow('bad');
    expect(() => cache.parse('x')).toThrow('bad');
    expect(parse).toHaveBeenCalledTimes(2);
  });
});
