import { describe, expect, it } from "vitest";
import { matchSwarmNodes, type SwarmNodeMatchInput } from "../../../../src/plan/topology/match-swarm-nodes.js";
import { swarmNode, swarmVm } from "./topology-fixtures.js";

const manager = swarmVm("1001", { name: "swarm-manager", ip: "10.213.0.11", role: "manager" });
const worker = swarmVm("1002", { name: "swarm-worker", ip: "10.213.0.12" });
const node1 = swarmNode("n1", "node-1", "10.213.0.11", { role: "manager" });
const node2 = swarmNode("n2", "node-2", "10.213.0.12");

function match(input: Partial<SwarmNodeMatchInput>) {
  const result = matchSwarmNodes({ vms: [manager, worker], nodes: [node1, node2], settings: {}, selfNodeId: "n1", vmsWithStacks: new Set(["1001", "1002"]), ...input });
  return {
    mapping: result.topology.vms.map((vm) => [vm.vmid, vm.node?.hostname, vm.matchedBy]),
    unmatched: result.topology.unmatchedNodes.map((n) => n.hostname),
    findings: result.diagnostics.map((d) => [d.severity, d.code]),
    messages: result.diagnostics.map((d) => d.message),
  };
}

describe("matchSwarmNodes", () => {
  it("matches by the node's advertised address first", () => {
    expect(match({})).toEqual({ mapping: [["1001", "node-1", "address"], ["1002", "node-2", "address"]], unmatched: [], findings: [], messages: [] });
  });

  it("falls back to the host name, or its first DNS label, when no address matches", () => {
    const vms = [swarmVm("1001", { name: "Node-1", role: "manager" }), swarmVm("1002", { name: "node-2", ip: "10.0.0.2" })];
    const nodes = [node1, swarmNode("n2", "node-2.internal.example.test", "10.213.0.12")];
    expect(match({ vms, nodes }).mapping).toEqual([
      ["1001", "node-1", "hostname"],
      ["1002", "node-2.internal.example.test", "hostname"],
    ]);
  });

  it("lets swarm.nodes decide by host name, node ID or self, before address and host name", () => {
    const result = match({ settings: { "1001": "node-2", "1002": "self" } });
    expect(result.mapping).toEqual([["1001", "node-2", "settings"], ["1002", "node-1", "settings"]]);
    expect(match({ settings: { "1002": "n1" } }).mapping).toEqual([["1001", "node-1", "address"], ["1002", "node-1", "settings"]]);
  });

  it("says that the manager VM is played by a worker", () => {
    const result = match({ settings: { "1001": "node-2", "1002": "node-1" } });
    expect(result.findings).toEqual([["warning", "SWARM_ROLE_MISMATCH"]]);
    expect(result.messages[0]).toContain("VM 1001 (swarm-manager) is the Swarm manager (portainer_role primary), but node node-2 (10.213.0.12, worker)");
  });

  it("lets the only node of a one-node swarm play every VM when nothing else matched it", () => {
    const laptop = swarmNode("n0", "laptop", "127.0.0.1", { role: "manager" });
    expect(match({ nodes: [laptop], selfNodeId: "n0" }).mapping).toEqual([["1001", "laptop", "only-node"], ["1002", "laptop", "only-node"]]);
  });

  it("does not stretch a one-node swarm over VMs when the node already plays one", () => {
    const result = match({ nodes: [node1] });
    expect(result.mapping).toEqual([["1001", "node-1", "address"], ["1002", undefined, undefined]]);
    expect(result.findings).toEqual([["error", "SWARM_VM_WITHOUT_NODE"]]);
    expect(result.messages[0]).toBe(
      "VM 1002 (swarm-worker) is a Swarm worker in the config, but no node of the swarm plays it (none has address 10.213.0.12 or host name swarm-worker; nodes: node-1 10.213.0.11): its stacks cannot be placed",
    );
  });

  it("only warns about a VM without a node when no stack is placed on it", () => {
    expect(match({ nodes: [node1], vmsWithStacks: new Set(["1001"]) }).findings).toEqual([["warning", "SWARM_VM_WITHOUT_NODE"]]);
  });

  it("warns about a node that plays no VM, and never about one that is down", () => {
    const extra = swarmNode("n3", "node-3", "10.213.0.13");
    const gone = swarmNode("n4", "node-4", "10.213.0.14", { state: "down" });
    const result = match({ nodes: [node1, node2, extra, gone] });
    expect(result.unmatched).toEqual(["node-3"]);
    expect(result.findings).toEqual([["warning", "SWARM_NODE_WITHOUT_VM"]]);
    expect(result.messages[0]).toContain("node node-3 (10.213.0.13, worker) plays no VM of the config");
  });

  it("prefers the ready entry of a node listed twice (left and joined again)", () => {
    const stale = swarmNode("old", "node-2", "10.213.0.12", { state: "down" });
    const result = matchSwarmNodes({ vms: [worker], nodes: [stale, node2, node1], settings: {}, selfNodeId: "n1", vmsWithStacks: new Set() });
    expect(result.nodeOf.get("1002")?.ID).toBe("n2");
  });

  it("reports a swarm.nodes entry that names no node, and one for a VM that is no Swarm VM", () => {
    const result = match({ settings: { "1002": "node-9", "1003": "node-1" } });
    expect(result.findings).toEqual([
      ["error", "SWARM_NODES_UNKNOWN_NODE"],
      ["warning", "SWARM_NODES_UNKNOWN_VM"],
      ["warning", "SWARM_NODE_WITHOUT_VM"],
    ]);
    expect(result.messages[0]).toBe('no node of the swarm is "node-9" (nodes: node-1 10.213.0.11, node-2 10.213.0.12), so VM 1002 (swarm-worker) has no node and its stacks cannot be placed');
  });

  it("warns when the node that plays a VM is not ready", () => {
    const result = match({ nodes: [node1, swarmNode("n2", "node-2", "10.213.0.12", { state: "disconnected" })] });
    expect(result.findings).toEqual([["warning", "SWARM_NODE_NOT_READY"]]);
  });
});
