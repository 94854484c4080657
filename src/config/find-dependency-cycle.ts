import type { Origin } from "./desired-state.js";

export interface DependencyEdge {
  readonly to: string;
  /** Where the edge is declared, for the message. */
  readonly origin: Origin;
}

export interface DependencyCycle {
  /** The ids along the cycle, first id repeated at the end: `["101", "102", "101"]`. */
  readonly path: readonly string[];
  /** The declaration that closes the cycle. */
  readonly origin: Origin;
}

/**
 * Depth-first search from every node in the given order, reporting each edge
 * that leads back onto the current path. Edges to unknown nodes are skipped:
 * they are reported as unknown references instead.
 */
export function findDependencyCycles(nodes: readonly string[], edges: ReadonlyMap<string, readonly DependencyEdge[]>): DependencyCycle[] {
  const cycles: DependencyCycle[] = [];
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "active");
    stack.push(node);
    for (const edge of edges.get(node) ?? []) {
      if (!edges.has(edge.to)) continue;
      const seen = state.get(edge.to);
      if (seen === "active") cycles.push({ path: [...stack.slice(stack.indexOf(edge.to)), edge.to], origin: edge.origin });
      else if (seen === undefined) visit(edge.to);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of nodes) if (!state.has(node)) visit(node);
  return cycles;
}
