import { describe, expect, it } from "vitest";
import { diffNodeLabels, mergeNodeLabels, planNodeLabels } from "../../../../src/plan/topology/plan-node-labels.js";
import { swarmNode } from "./topology-fixtures.js";

const RECORD = "org.phoenix.owned-labels.phoenix";
const wanted = (labels: Record<string, string>) => new Map(Object.entries(labels));

describe("mergeNodeLabels", () => {
  it("sets the wanted labels and records them as its own, next to labels set by hand", () => {
    const next = mergeNodeLabels({ hand: "made" }, wanted({ "org.phoenix.vm.1001": "true", zone: "a" }), { instance: "phoenix" });
    expect(next).toEqual({ hand: "made", "org.phoenix.vm.1001": "true", zone: "a", [RECORD]: "org.phoenix.vm.1001,zone" });
  });

  it("removes its own labels that are no longer wanted and keeps every other label", () => {
    const live = { hand: "made", zone: "a", tier: "data", [RECORD]: "tier,zone" };
    expect(mergeNodeLabels(live, wanted({ zone: "b" }), { instance: "phoenix" })).toEqual({ hand: "made", zone: "b", [RECORD]: "zone" });
  });

  it("removes its record with its last label", () => {
    expect(mergeNodeLabels({ zone: "a", [RECORD]: "zone" }, new Map(), { instance: "phoenix" })).toEqual({});
  });

  it("takes over a label set by hand under a key the config declares, and removes it once the declaration goes", () => {
    const first = mergeNodeLabels({ zone: "by-hand" }, wanted({ zone: "a" }), { instance: "phoenix" });
    expect(first).toEqual({ zone: "a", [RECORD]: "zone" });
    expect(mergeNodeLabels(first, new Map(), { instance: "phoenix" })).toEqual({});
  });

  it("leaves a label another instance also owns, and the retained placement label of a kept orphan", () => {
    const live = {
      "org.phoenix.vm.1001": "true",
      "org.phoenix.stack.old": "true",
      [RECORD]: "org.phoenix.stack.old,org.phoenix.vm.1001",
      "org.phoenix.owned-labels.other": "org.phoenix.vm.1001",
    };
    const next = mergeNodeLabels(live, new Map(), { instance: "phoenix", retained: new Set(["org.phoenix.stack.old"]) });
    expect(next).toEqual({
      "org.phoenix.vm.1001": "true",
      "org.phoenix.stack.old": "true",
      [RECORD]: "org.phoenix.stack.old",
      "org.phoenix.owned-labels.other": "org.phoenix.vm.1001",
    });
  });

  it("sets first and removes later: with keepStale nothing is removed and the record keeps the stale keys", () => {
    const live = { "org.phoenix.stack.web": "true", [RECORD]: "org.phoenix.stack.web" };
    const want = wanted({ "org.phoenix.vm.1001": "true" });
    const first = mergeNodeLabels(live, want, { instance: "phoenix", keepStale: true });
    expect(first).toEqual({ "org.phoenix.stack.web": "true", "org.phoenix.vm.1001": "true", [RECORD]: "org.phoenix.stack.web,org.phoenix.vm.1001" });
    expect(mergeNodeLabels(first, want, { instance: "phoenix" })).toEqual({ "org.phoenix.vm.1001": "true", [RECORD]: "org.phoenix.vm.1001" });
  });

  it("is stable: merging its own result again changes nothing (a second sync writes nothing)", () => {
    const want = wanted({ "org.phoenix.vm.1002": "true", tier: "data" });
    const once = mergeNodeLabels({ hand: "x", old: "1", [RECORD]: "old" }, want, { instance: "phoenix" });
    expect(diffNodeLabels(once, mergeNodeLabels(once, want, { instance: "phoenix" }))).toEqual([]);
  });
});

describe("planNodeLabels", () => {
  it("plans label changes of the nodes that play a VM or carry its labels, and skips the others", () => {
    const nodes = [
      swarmNode("n1", "node-1", "10.0.0.1", { labels: { "org.phoenix.vm.1001": "true", [RECORD]: "org.phoenix.vm.1001" } }),
      swarmNode("n2", "node-2", "10.0.0.2", { labels: { zone: "a", [RECORD]: "zone" } }),
      swarmNode("n3", "node-3", "10.0.0.3", { labels: { foreign: "1" } }),
    ];
    const changes = planNodeLabels(nodes, new Map([["n1", wanted({ "org.phoenix.vm.1001": "true", tier: "control" })]]), { instance: "phoenix" });
    expect(changes).toEqual([
      {
        node: "node-1",
        id: "n1",
        action: "update",
        fields: [
          { path: `labels["${RECORD}"]`, op: "change", before: "org.phoenix.vm.1001", after: "org.phoenix.vm.1001,tier" },
          { path: 'labels["tier"]', op: "add", after: "control" },
        ],
        setsFirst: true,
        removesAfter: false,
      },
      {
        node: "node-2",
        id: "n2",
        action: "update",
        fields: [
          { path: `labels["${RECORD}"]`, op: "remove", before: "zone" },
          { path: 'labels["zone"]', op: "remove", before: "a" },
        ],
        setsFirst: false,
        removesAfter: true,
      },
    ]);
  });
});
