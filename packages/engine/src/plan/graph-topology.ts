/** Graph algorithms on node indices: cycles and reachability. */

/** Strongly connected components that form cycles (size > 1, or a node with an edge to itself). */
export function findCycles(nodeCount: number, successors: readonly (readonly number[])[]): number[][] {
  let counter = 0;
  const index = new Array<number>(nodeCount).fill(-1);
  const low = new Array<number>(nodeCount).fill(0);
  const onStack = new Array<boolean>(nodeCount).fill(false);
  const stack: number[] = [];
  const cycles: number[][] = [];

  // Iterative Tarjan so a 2,000-node chain cannot overflow the call stack.
  for (let root = 0; root < nodeCount; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [node, next] = frame;
      if (next === 0) {
        index[node] = low[node] = counter++;
        stack.push(node);
        onStack[node] = true;
      }
      const children = successors[node] ?? [];
      if (next < children.length) {
        frame[1] = next + 1;
        const child = children[next]!;
        if (index[child] === -1) work.push([child, 0]);
        else if (onStack[child]) low[node] = Math.min(low[node]!, index[child]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[node]!);
      if (low[node] !== index[node]) continue;
      const component: number[] = [];
      let member: number;
      do {
        member = stack.pop()!;
        onStack[member] = false;
        component.push(member);
      } while (member !== node);
      const selfLoop = component.length === 1 && children.includes(node);
      if (component.length > 1 || selfLoop) cycles.push(component.reverse());
    }
  }
  return cycles;
}

/** Every node reachable from the starting nodes (including them). */
export function reachableFrom(
  starts: readonly number[],
  successors: readonly (readonly number[])[],
): Set<number> {
  const seen = new Set<number>(starts);
  const queue = [...starts];
  for (let head = 0; head < queue.length; head++) {
    for (const next of successors[queue[head]!] ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
