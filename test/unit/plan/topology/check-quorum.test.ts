import { describe, expect, it } from "vitest";
import type { NodeInfo } from "../../../../src/engine/engine-objects.js";
import { checkQuorum } from "../../../../src/plan/topology/check-quorum.js";

const manager = (id: string, reachability: "reachable" | "unreachable"): NodeInfo => ({
  ID: id,
  Spec: { Role: "manager" },
  Status: { State: reachability === "reachable" ? "ready" : "down" },
  ManagerStatus: { Reachability: reachability },
});
const worker: NodeInfo = { ID: "w", Spec: { Role: "worker" }, Status: { State: "ready" } };

describe("checkQuorum", () => {
  it("holds with more than half of the managers reachable, workers aside", () => {
    expect(checkQuorum([manager("a", "reachable"), worker])).toBeUndefined();
    expect(checkQuorum([manager("a", "reachable"), manager("b", "reachable"), manager("c", "unreachable")])).toBeUndefined();
  });

  it("is a finding with half or fewer reachable", () => {
    const finding = checkQuorum([manager("a", "reachable"), manager("b", "unreachable")]);
    expect([finding?.code, finding?.message]).toEqual([
      "READINESS_QUORUM",
      "the swarm has no quorum: 1 of 2 managers are reachable, more than half must be: the stacks are not deployed until it has",
    ]);
  });
});
