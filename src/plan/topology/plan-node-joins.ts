/**
 * Which Swarm VMs a sync joins (pure): with `swarm.join.enabled`, every VM
 * that no node plays, that has an address to reach it at, and that
 * `swarm.nodes` does not map to a node by name (a name that no node has is a
 * finding to fix, not a VM to join).
 */
import type { SwarmVm } from "../../config/swarm-vms.js";
import type { NodeInfo } from "../../engine/engine-objects.js";
import type { SwarmJoin } from "../../settings/swarm-join-settings.js";
import type { NodeJoin, PlanTopology } from "../plan.js";

/** The ID the labels of a joining VM are planned under until its node exists: `join/1002`. */
export function joiningNodeId(vmid: string): string {
  return `join/${vmid}`;
}

/** The VMs the node matching may leave without a node because a sync joins them. */
export function listJoinableVms(vms: readonly SwarmVm[], join: SwarmJoin, mapped: Readonly<Record<string, string>>): Set<string> {
  if (!join.enabled) return new Set();
  return new Set(vms.filter((vm) => vm.ip !== undefined && mapped[vm.id] === undefined).map((vm) => vm.id));
}

export function planNodeJoins(vms: readonly SwarmVm[], topology: PlanTopology, joinable: ReadonlySet<string>, join: SwarmJoin): NodeJoin[] {
  const unplayed = new Set(topology.vms.filter((m) => m.node === undefined).map((m) => m.vmid));
  return vms
    .filter((vm) => joinable.has(vm.id) && unplayed.has(vm.id))
    .map((vm) => ({ vmid: vm.id, name: vm.name, role: vm.role, address: vm.ip as string, user: join.user }));
}

/**
 * A stand-in node for each joining VM, so that placement constrains its
 * stacks and plans its labels (under `join/<vmid>`) as for a node that is
 * there: the join step puts those labels on the node it creates.
 */
export function standInNodes(joins: readonly NodeJoin[]): Map<string, NodeInfo> {
  return new Map(
    joins.map((j) => [j.vmid, { ID: joiningNodeId(j.vmid), Spec: { Role: j.role, Availability: "active" }, Description: { Hostname: j.name }, Status: { State: "unknown", Addr: j.address } } satisfies NodeInfo]),
  );
}
