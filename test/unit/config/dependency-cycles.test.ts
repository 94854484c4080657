import { describe, expect, it } from "vitest";
import { findDependencyCycles, type DependencyEdge } from "../../../src/config/find-dependency-cycle.js";

const at = (line: number) => ({ file: "f.json", path: "", line, column: 1 });
const graph = (edges: Record<string, [string, number][]>) =>
  new Map<string, DependencyEdge[]>(Object.entries(edges).map(([from, list]) => [from, list.map(([to, line]) => ({ to, origin: at(line) }))]));

describe("findDependencyCycles", () => {
  it("finds nothing in a DAG, and ignores edges to unknown nodes", () => {
    const edges = graph({ a: [["b", 1], ["zz", 2]], b: [["c", 3]], c: [] });
    expect(findDependencyCycles(["a", "b", "c"], edges)).toEqual([]);
  });

  it("names the cycle from the first node on it and points at the closing edge", () => {
    const edges = graph({ a: [["b", 1]], b: [["c", 2]], c: [["a", 3]] });
    expect(findDependencyCycles(["a", "b", "c"], edges)).toEqual([{ path: ["a", "b", "c", "a"], origin: at(3) }]);
  });

  it("reports a self-dependency and a cycle that does not include the start node", () => {
    const edges = graph({ a: [["a", 1], ["b", 2]], b: [["c", 3]], c: [["b", 4]] });
    expect(findDependencyCycles(["a", "b", "c"], edges).map((c) => c.path.join(" → "))).toEqual(["a → a", "b → c → b"]);
  });
});
