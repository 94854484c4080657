import { describe, expect, it } from "vitest";
import { maskJoinToken, planSwarmJoin } from "../../../../src/plan/topology/plan-swarm-join.js";
import type { PlanTopology } from "../../../../src/plan/plan.js";
import { swarmVm } from "./topology-fixtures.js";

const vms = [
  swarmVm("1001", { name: "manager", ip: "10.0.0.11", role: "manager" }),
  swarmVm("1002", { name: "worker", ip: "10.0.0.12" }),
  swarmVm("1003", { name: "spare", ip: "10.0.0.13", role: "manager" }),
];
const TOKENS = { worker: "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx", manager: "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-7p73s1dx5in4tatdymyhg9hu2" };

describe("planSwarmJoin", () => {
  it("starts from swarm init on the manager VM when there is no swarm, then joins the others to it", () => {
    const plan = planSwarmJoin({ vms, topology: undefined, swarmActive: false, managerAddress: undefined, joinTokens: undefined });
    expect(plan.steps.map((s) => [s.vmid, s.status, s.runOn, s.commands])).toEqual([
      ["1001", "init", "VM 1001 (manager)", ["docker swarm init --advertise-addr 10.0.0.11"]],
      ["1002", "join", "VM 1002 (worker)", ["docker swarm join --token SWMTKN-1-<digest>-<worker-secret> --advertise-addr 10.0.0.12 10.0.0.11:2377"]],
      ["1003", "join", "VM 1003 (spare)", ["docker swarm join --token SWMTKN-1-<digest>-<manager-secret> --advertise-addr 10.0.0.13 10.0.0.11:2377"]],
    ]);
  });

  it("joins what is missing with the token's public part only, and promotes a manager VM whose node is a worker", () => {
    const node = (hostname: string, role: "manager" | "worker") => ({ id: hostname, hostname, address: "x", role, state: "ready" });
    const topology: PlanTopology = {
      vms: [
        { vmid: "1001", name: "manager", role: "worker", node: node("n1", "manager"), matchedBy: "address" },
        { vmid: "1002", name: "worker", role: "worker" },
        { vmid: "1003", name: "spare", role: "manager", node: node("n3", "worker"), matchedBy: "address" },
      ],
      unmatchedNodes: [],
    };
    const plan = planSwarmJoin({ vms, topology, swarmActive: true, managerAddress: "10.0.0.11:2377", joinTokens: TOKENS });
    expect(plan.steps.map((s) => [s.vmid, s.status, s.commands])).toEqual([
      ["1001", "joined", []],
      ["1002", "join", ["docker swarm join --token SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-<worker-secret> --advertise-addr 10.0.0.12 10.0.0.11:2377"]],
      ["1003", "promote", ["docker node promote n3"]],
    ]);
    expect(JSON.stringify(plan)).not.toContain("1awxwuwd3z9j1z3puu7rcgdbx");
    expect(JSON.stringify(plan)).not.toContain("7p73s1dx5in4tatdymyhg9hu2");
  });

  it("masks a token it cannot read as a whole", () => {
    expect(maskJoinToken("not-a-token-secret", "worker")).toBe("SWMTKN-1-<digest>-<worker-secret>");
  });
});
