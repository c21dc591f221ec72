import type { ExpressionNode } from './expression-ast.js';

/**
 * A bounded cache of parsed expressions by source text, least recently used out first: the same
 * conditions run again and again. Failures are not kept, so no oversized source stays in memory.
 */
export interface ParseCache {
  parse(source: string): ExpressionNode;
}

export function createParseCache(parse: (source: string) => ExpressionNode, capacity: number): ParseCache {
  const entries = new Map<string, ExpressionNode>();
  return {
    parse(source) {
      let node = entries.get(source);
      if (node) {
        // A Map iterates in insertion order: re-inserting marks the entry as the most recent.
        entries.delete(source);
      } else {
        node = parse(source);
        if (entries.size >= capacity) entries.delete(entries.keys().next().value!);
      }
      entries.set(source, node);
      return node;
    },
  };
}
