import { describe, expect, it } from "vitest";
import { matchSwarmNodes } from "../../../../src/plan/topology/match-swarm-nodes.js";
import { joiningNodeId, listJoinableVms, planNodeJoins, standInNodes } from "../../../../src/plan/topology/plan-node-joins.js";
import { planPlacement } from "../../../../src/plan/topology/plan-placement.js";
import { orderPlanSteps } from "../../../../src/pipeline/order-plan-steps.js";
import { listTopologyLines } from "../../../../src/report/describe-topology.js";
import { summarizePlan } from "../../../../src/report/describe-plan.js";
import { toPlanJsonDocument } from "../../../../src/report/render-plan-json.js";
import { hasChanges, PLAN_SCHEMA_VERSION, type Plan } from "../../../../src/plan/plan.js";
import { buildDesiredState } from "../../infra/desired-state-fixture.js";
import { swarmNode, swarmVm } from "./topology-fixtures.js";

const manager = swarmVm("1001", { name: "swarm-manager", ip: "10.214.0.11", role: "manager" });
const worker = swarmVm("1002", { name: "swarm-worker", ip: "10.214.0.12", nodeLabels: [["zone", "b"]] });
const dhcp = swarmVm("1003", { name: "swarm-dhcp" });
const node1 = swarmNode("n1", "node-1", "10.214.0.11", { role: "manager" });
const ON = { enabled: true, user: "deploy" };

function plan(join: { enabled: boolean; user: string }) {
  const vms = [manager, worker, dhcp];
  const joinable = listJoinableVms(vms, join, {});
  const match = matchSwarmNodes({ vms, nodes: [node1, swarmNode("n9", "other", "10.9.9.9")], settings: {}, selfNodeId: "n1", vmsWithStacks: new Set(["1002", "1003"]), joinable });
  const joins = planNodeJoins(vms, match.topology, joinable, join);
  return { match, joins };
}

describe("planNodeJoins", () => {
  it("joins each VM no node plays that has an address, as its role, instead of the finding", () => {
    const { match, joins } = plan(ON);
    expect(joins).toEqual([{ vmid: "1002", name: "swarm-worker", role: "worker", address: "10.214.0.12", user: "deploy" }]);
    const codes = match.diagnostics.map((d) => [d.code, d.message.slice(0, 7)]);
    expect(codes).toContainEqual(["SWARM_VM_WITHOUT_NODE", "VM 1003"]);
    expect(codes).not.toContainEqual(["SWARM_VM_WITHOUT_NODE", "VM 1002"]);
  });

  it("joins nothing and keeps the finding while swarm.join is off", () => {
    const { match, joins } = plan({ enabled: false, user: "root" });
    expect(joins).toEqual([]);
    expect(match.diagnostics.filter((d) => d.code === "SWARM_VM_WITHOUT_NODE").map((d) => d.message.slice(0, 7))).toEqual(["VM 1002", "VM 1003"]);
  });

  it("never joins a VM that swarm.nodes maps to a node by name", () => {
    expect([...listJoinableVms([manager, worker], ON, { "1002": "node-2" })]).toEqual(["1001"]);
  });

  it("plans the joining VM's constraint and labels under a stand-in ID the join step labels", () => {
    const { match, joins } = plan(ON);
    const placement = planPlacement([{ namespace: "api", vmids: ["1002"], placement: "assigned" }], [manager, worker], new Map([...match.nodeOf, ...standInNodes(joins)]));
    expect(placement.constraints.get("api")).toBe("node.labels.org.phoenix.vm.1002==true");
    expect(Object.fromEntries(placement.labels.get(joiningNodeId("1002")) ?? [])).toEqual({ "org.phoenix.vm.1002": "true", zone: "b" });
  });
});

describe("join steps in the plan", () => {
  const joins = [{ vmid: "1002", name: "swarm-worker", role: "worker" as const, address: "10.214.0.12", user: "root" }];
  const state = buildDesiredState({ guests: [] });

  it("come before the node label steps and the stacks", () => {
    const nodes = [{ node: "node-1", id: "n1", action: "update" as const, fields: [], setsFirst: true }];
    const steps = orderPlanSteps({ state, desired: [], stacks: [], infra: [], nodes, joins });
    expect(steps).toEqual([
      { unit: "join/1002", action: "join" },
      { unit: "node/node-1", action: "update" },
    ]);
  });

  it("are rendered in the summary, the mapping lines and the JSON, with no token anywhere", () => {
    const planned: Plan = {
      schemaVersion: PLAN_SCHEMA_VERSION,
      source: { description: "dir" },
      environment: "production",
      stacks: [],
      infra: [],
      steps: [{ unit: "join/1002", action: "join" }],
      warnings: [],
      topology: { vms: [{ vmid: "1002", name: "swarm-worker", role: "worker" }], unmatchedNodes: [] },
      joins,
    };
    expect(hasChanges(planned)).toBe(true);
    expect(summarizePlan(planned)).toBe("1 VM to join");
    expect(listTopologyLines(planned)).toEqual(["VM 1002 (swarm-worker, worker) → no node: sync joins it as worker over ssh://root@10.214.0.12"]);
    const json = toPlanJsonDocument(planned);
    expect(json.joins).toEqual(joins);
    expect(JSON.stringify(json)).not.toContain("SWMTKN");
  });
});
