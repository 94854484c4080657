/**
 * The words every renderer uses for the Swarm's nodes: which node plays
 * which VM and how that was decided, and the node label changes.
 */
import type { NodeChange, NodeJoin, NodeMatch, Plan, SwarmNodeSummary, VmNodeMapping } from "../plan/plan.js";
import { plural } from "./describe-plan.js";

const MATCH_PHRASE: Readonly<Record<NodeMatch, string>> = {
  address: "by address",
  hostname: "by host name",
  settings: "by swarm.nodes",
  "only-node": "the swarm's only node: no placement needed",
};

/** `VM 1001 (swarm-manager, manager) → node-1 10.213.0.11 manager, ready (by address)`, or `→ no node` (and what a sync does about it). */
export function describeVmMapping(vm: VmNodeMapping, join?: NodeJoin): string {
  const head = `VM ${vm.vmid} (${vm.name}, ${vm.role})`;
  if (vm.node === undefined) return join === undefined ? `${head} → no node` : `${head} → no node: ${describeNodeJoin(join)}`;
  return `${head} → ${describeSwarmNode(vm.node)} (${vm.matchedBy === undefined ? "" : MATCH_PHRASE[vm.matchedBy]})`;
}

/** `sync joins it as worker over ssh://root@10.213.0.12` (the token is never shown). */
export function describeNodeJoin(join: NodeJoin): string {
  return `sync joins it as ${join.role} over ssh://${join.user}@${join.address}`;
}

/** `node-1 10.213.0.11 manager, ready` */
export function describeSwarmNode(node: SwarmNodeSummary): string {
  return `${node.hostname} ${node.address || "(no address)"} ${node.role}, ${node.state}`;
}

/** Every mapping line, then the nodes that play no VM. */
export function listTopologyLines(plan: Plan): string[] {
  const topology = plan.topology;
  if (topology === undefined) return [];
  const joinOf = (vmid: string) => plan.joins?.find((j) => j.vmid === vmid);
  return [...topology.vms.map((vm) => describeVmMapping(vm, joinOf(vm.vmid))), ...topology.unmatchedNodes.map((n) => `${describeSwarmNode(n)} → plays no VM`)];
}

/**
 * Whether the mapping is worth a reviewer's attention: a node changes, a VM
 * has no node, a node plays no VM, or nodes were matched to VMs at all (not
 * a one-node swarm that plays every VM by default, where it says nothing).
 */
export function isTopologyNotable(plan: Plan): boolean {
  const topology = plan.topology;
  if (topology === undefined) return changedNodes(plan).length > 0;
  return (
    changedNodes(plan).length > 0 ||
    topology.unmatchedNodes.length > 0 ||
    topology.vms.some((vm) => vm.node === undefined || vm.matchedBy !== "only-node")
  );
}

export function changedNodes(plan: Plan): NodeChange[] {
  return (plan.nodes ?? []).filter((n) => n.action !== "unchanged");
}

/** `1 node to update` (or empty when no node changes). */
export function summarizeNodes(plan: Plan): string {
  const n = changedNodes(plan).length;
  return n === 0 ? "" : `${n} ${plural(n, "node")} to update`;
}

/** `Swarm nodes (2 VMs, 1 node to update)` */
export function describeTopologyHeading(plan: Plan): string {
  const vms = plan.topology?.vms.length ?? 0;
  const nodes = summarizeNodes(plan);
  return `Swarm nodes (${vms} ${plural(vms, "VM")}${nodes === "" ? "" : `, ${nodes}`})`;
}
