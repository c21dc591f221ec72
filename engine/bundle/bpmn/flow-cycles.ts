/**
 * The strongly connected components of a directed graph that hold a cycle — more than one node,
 * or one node with an edge to itself — each listed in the order of `nodes`. Tarjan's algorithm,
 * iterative: a large diagram could overflow the stack of the recursive form.
 */
export function findCycles(nodes: readonly string[], edgesFrom: ReadonlyMap<string, readonly string[]>): string[][] {
  const order = new Map(nodes.map((node, i) => [node, i]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const enter = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
  };
  for (const root of nodes) {
    if (index.has(root)) continue;
    enter(root);
    const path: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    while (path.length > 0) {
      const frame = path[path.length - 1]!;
      const targets = edgesFrom.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        if (!index.has(target)) {
          enter(target);
          path.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      path.pop();
      const parent = path[path.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || targets.includes(frame.node)) cycles.push(component.sort((a, b) => order.get(a)! - order.get(b)!));
    }
  }
  return cycles;
}
