/**
 * Edits of the lists in bundle files (rules, policies, clocks, targets, grants, holidays…), as new
 * lists: the form state is replaced, never changed in place. An optional list the schema wants
 * non-empty when present goes away with its last item, rather than being left empty and invalid.
 */

export function withItemAdded<T>(list: readonly T[] | undefined, item: T): T[] {
  return [...(list ?? []), item];
}

export function withItemRemoved<T>(list: readonly T[] | undefined, index: number): T[] {
  return (list ?? []).filter((_, at) => at !== index);
}

/** The item moved from one place to another (out-of-range places leave the list as it was). */
export function withItemMoved<T>(list: readonly T[] | undefined, from: number, to: number): T[] {
  const items = [...(list ?? [])];
  if (from < 0 || from >= items.length || to < 0 || to >= items.length) return items;
  const [moved] = items.splice(from, 1);
  items.splice(to, 0, moved as T);
  return items;
}

/** The list, or undefined when it is empty: for optional lists that must have an item when present. */
export function orNothingWhenEmpty<T>(list: readonly T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? [...list] : undefined;
}

/** `base`, or `base-2`, `base-3`… whichever is not taken yet: an id for a new item. */
export function freeId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  let n = 2;
  while (used.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

/** The i18n key a new item's title gets: `<prefix>.<id>`, e.g. `sla.standard`. */
export function titleKeyFor(prefix: string, id: string): string {
  return `${prefix}.${id}`;
}
