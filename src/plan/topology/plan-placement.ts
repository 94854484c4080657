/**
 * Placement from assignments (pure): which constraint each stack's services
 * get, and which labels Phoenix wants on each node for them and for the
 * VMs' `node_labels`.
 *
 * - A stack assigned to one VM runs on that VM's node:
 *   `node.labels.org.phoenix.vm.<vmid>==true`, a label on the node that plays it.
 * - A stack assigned to several VMs gets a label of its own on each of their
 *   nodes, `org.phoenix.stack.<namespace>=true`, and a constraint on it:
 *   constraints only AND, so one per VM could never be met by two nodes.
 * - `placement: any` in phoenix.json adds no constraint.
 */
import type { StackPlacement } from "../../config/desired-state.js";
import type { SwarmVm } from "../../config/swarm-vms.js";
import type { NodeInfo } from "../../engine/engine-objects.js";
import { PLACEMENT_LABEL_VALUE, placementConstraint, stackNodeLabel, vmNodeLabel } from "../../engine/node-labels.js";
import type { Diagnostic } from "../../errors.js";
import { diagnosticAtOrigin } from "../../config/origin.js";

export interface StackToPlace {
  readonly namespace: string;
  /** The VMs whose `docker_stacks` list the stack in this environment. */
  readonly vmids: readonly string[];
  readonly placement: StackPlacement;
}

export interface PlacementPlan {
  /** Namespace → the constraint its services get; absent for `placement: any` and for stacks whose VMs have no node. */
  readonly constraints: ReadonlyMap<string, string>;
  /** Node ID → the labels Phoenix wants on it, in a stable order. */
  readonly labels: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly diagnostics: readonly Diagnostic[];
}

export function planPlacement(stacks: readonly StackToPlace[], vms: readonly SwarmVm[], nodeOf: ReadonlyMap<string, NodeInfo>): PlacementPlan {
  const diagnostics: Diagnostic[] = [];
  const labels = new Map<string, Map<string, string>>();
  const labelsOf = (node: NodeInfo) => {
    let map = labels.get(node.ID);
    if (map === undefined) labels.set(node.ID, (map = new Map()));
    return map;
  };
  // Where a node plays several VMs, the first VM in guest order decides a label they disagree on.
  const labelSource = new Map<string, { vm: SwarmVm; value: string }>();
  for (const vm of vms) {
    const node = nodeOf.get(vm.id);
    if (node === undefined) continue;
    const wanted = labelsOf(node);
    wanted.set(vmNodeLabel(vm.id), PLACEMENT_LABEL_VALUE);
    for (const [key, value] of vm.nodeLabels) {
      const first = labelSource.get(`${node.ID}\u0000${key}`);
      if (first === undefined) {
        labelSource.set(`${node.ID}\u0000${key}`, { vm, value });
        wanted.set(key, value);
      } else if (first.value !== value) {
        diagnostics.push(
          diagnosticAtOrigin(vm.origin, {
            severity: "warning",
            stage: "plan",
            code: "SWARM_NODE_LABEL_CONFLICT",
            message: `node_labels ${key}=${value} of VM ${vm.id} (${vm.name}) is not applied: the same node plays VM ${first.vm.id} (${first.vm.name}), which sets ${key}=${first.value}`,
          }),
        );
      }
    }
  }

  const constraints = new Map<string, string>();
  for (const stack of stacks) {
    if (stack.placement === "any") continue;
    const nodes = stack.vmids.map((id) => nodeOf.get(id)).filter((n): n is NodeInfo => n !== undefined);
    // A VM without a node is an error of the mapping; nothing is placed for it.
    if (nodes.length !== stack.vmids.length || nodes.length === 0) continue;
    const [only] = stack.vmids;
    if (stack.vmids.length === 1 && only !== undefined) {
      constraints.set(stack.namespace, placementConstraint(vmNodeLabel(only)));
      continue;
    }
    const key = stackNodeLabel(stack.namespace);
    for (const node of nodes) labelsOf(node).set(key, PLACEMENT_LABEL_VALUE);
    constraints.set(stack.namespace, placementConstraint(key));
  }
  return { constraints, labels: sortLabels(labels), diagnostics };
}

function sortLabels(labels: ReadonlyMap<string, ReadonlyMap<string, string>>): Map<string, ReadonlyMap<string, string>> {
  return new Map([...labels].map(([id, map]) => [id, new Map([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))]));
}
