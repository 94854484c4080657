import { describe, expect, it } from "vitest";
import type { ServiceSpec } from "../../../../src/engine/engine-service-spec.js";
import type { StackSpec } from "../../../../src/engine/stack-spec.js";
import { addPlacementConstraint } from "../../../../src/plan/topology/add-placement-constraint.js";
import { planPlacement } from "../../../../src/plan/topology/plan-placement.js";
import { swarmNode, swarmVm } from "./topology-fixtures.js";

const node1 = swarmNode("n1", "node-1", "10.213.0.11", { role: "manager" });
const node2 = swarmNode("n2", "node-2", "10.213.0.12");
const vms = [
  swarmVm("1001", { role: "manager", nodeLabels: [["tier", "control"], ["zone", "a"]] }),
  swarmVm("1002", { nodeLabels: [["tier", "data"]] }),
];
const apart = new Map([
  ["1001", node1],
  ["1002", node2],
]);

describe("planPlacement", () => {
  it("constrains a stack on one VM to that VM's label, which the VM's node carries with its node_labels", () => {
    const plan = planPlacement([{ namespace: "api", vmids: ["1002"], placement: "assigned" }], vms, apart);
    expect([...plan.constraints]).toEqual([["api", "node.labels.org.phoenix.vm.1002==true"]]);
    expect([...plan.labels].map(([id, labels]) => [id, Object.fromEntries(labels)])).toEqual([
      ["n1", { "org.phoenix.vm.1001": "true", tier: "control", zone: "a" }],
      ["n2", { "org.phoenix.vm.1002": "true", tier: "data" }],
    ]);
    expect(plan.diagnostics).toEqual([]);
  });

  it("gives a stack on several VMs a label of its own on each of their nodes: constraints only AND", () => {
    const plan = planPlacement([{ namespace: "web", vmids: ["1001", "1002"], placement: "assigned" }], vms, apart);
    expect(plan.constraints.get("web")).toBe("node.labels.org.phoenix.stack.web==true");
    expect(plan.labels.get("n1")?.get("org.phoenix.stack.web")).toBe("true");
    expect(plan.labels.get("n2")?.get("org.phoenix.stack.web")).toBe("true");
  });

  it("adds no constraint for placement any, nor for a stack whose VM has no node", () => {
    const plan = planPlacement(
      [
        { namespace: "anywhere", vmids: ["1001"], placement: "any" },
        { namespace: "lost", vmids: ["1003"], placement: "assigned" },
      ],
      vms,
      apart,
    );
    expect([...plan.constraints]).toEqual([]);
  });

  it("lets one node play two VMs, and warns when their node_labels disagree (the first VM wins)", () => {
    const together = new Map([
      ["1001", node1],
      ["1002", node1],
    ]);
    const plan = planPlacement([], vms, together);
    expect(Object.fromEntries(plan.labels.get("n1") ?? [])).toEqual({ "org.phoenix.vm.1001": "true", "org.phoenix.vm.1002": "true", tier: "control", zone: "a" });
    expect(plan.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["SWARM_NODE_LABEL_CONFLICT", "node_labels tier=data of VM 1002 (vm-1002) is not applied: the same node plays VM 1001 (vm-1001), which sets tier=control"],
    ]);
  });
});

describe("addPlacementConstraint", () => {
  const service = (name: string, constraints?: string[], global = false): ServiceSpec => ({
    Name: name,
    TaskTemplate: { ContainerSpec: { Image: "app:1" }, ...(constraints ? { Placement: { Constraints: constraints, MaxReplicas: 2 } } : {}) },
    Mode: global ? { Global: {} } : { Replicated: { Replicas: 1 } },
  });
  const spec: StackSpec = {
    name: "s",
    services: [service("s_plain"), service("s_own", ["node.role==manager"]), service("s_twice", ["node.labels.org.phoenix.vm.1001==true"]), service("s_global", undefined, true)],
    networks: [],
    externalNetworks: [],
    secrets: [],
    configs: [],
  };

  it("appends after the compose file's own constraints, once, global services included", () => {
    const placed = addPlacementConstraint(spec, "node.labels.org.phoenix.vm.1001==true");
    expect(placed.services.map((s) => [s.Name, s.TaskTemplate.Placement])).toEqual([
      ["s_plain", { Constraints: ["node.labels.org.phoenix.vm.1001==true"] }],
      ["s_own", { Constraints: ["node.role==manager", "node.labels.org.phoenix.vm.1001==true"], MaxReplicas: 2 }],
      ["s_twice", { Constraints: ["node.labels.org.phoenix.vm.1001==true"], MaxReplicas: 2 }],
      ["s_global", { Constraints: ["node.labels.org.phoenix.vm.1001==true"] }],
    ]);
    expect(placed.services[3]?.Mode).toEqual({ Global: {} });
  });
});
