/** A dependsOn edge target, `kind/namespace/name`. */
export type NodeKey = string;

/**
 * The first cycle reachable from `start` through `edges`, as the path that closes it
 * (`[a, b, a]`), or undefined. Depth-first with an explicit stack, so deep chains cannot overflow.
 */
export function findCycle(start: NodeKey, edges: (node: NodeKey) => readonly NodeKey[]): NodeKey[] | undefined {
  const onPath = new Set<NodeKey>();
  const done = new Set<NodeKey>();
  const path: NodeKey[] = [];
  const stack: Array<{ node: NodeKey; next: readonly NodeKey[]; index: number }> = [];

  const enter = (node: NodeKey) => {
    onPath.add(node);
    path.push(node);
    stack.push({ node, next: edges(node), index: 0 });
  };
  enter(start);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.next.length) {
      stack.pop();
      path.pop();
      onPath.delete(frame.node);
      done.add(frame.node);
      continue;
    }
    const next = frame.next[frame.index++]!;
    if (onPath.has(next)) return [...path.slice(path.indexOf(next)), next];
    if (!done.has(next)) enter(next);
  }
  return undefined;
}
