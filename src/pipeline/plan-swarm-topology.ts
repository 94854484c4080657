/**
 * The Swarm as the config declares it: which node plays which VM, the
 * placement constraint of each stack, and the node label changes that make
 * the constraints hold (docs/config-format.md, "Swarm nodes and placement").
 * Reads the nodes (two read calls); writes nothing.
 */
import type { DesiredState } from "../config/desired-state.js";
import { listSwarmVms } from "../config/swarm-vms.js";
import { stackNodeLabel } from "../engine/node-labels.js";
import type { Diagnostic } from "../errors.js";
import type { NodeChange, NodeJoin, PlanTopology } from "../plan/plan.js";
import { addPlacementConstraint } from "../plan/topology/add-placement-constraint.js";
import { checkQuorum } from "../plan/topology/check-quorum.js";
import { matchSwarmNodes } from "../plan/topology/match-swarm-nodes.js";
import { planNodeLabels } from "../plan/topology/plan-node-labels.js";
import { planPlacement } from "../plan/topology/plan-placement.js";
import { listJoinableVms, planNodeJoins, standInNodes } from "../plan/topology/plan-node-joins.js";
import type { RepoSettings } from "../settings/repo-settings.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import type { DesiredStack } from "./desired-stack.js";

export interface SwarmTopologyInput {
  readonly state: DesiredState;
  readonly settings: RepoSettings;
  readonly stacks: readonly DesiredStack[];
  /** Namespaces of live stacks that are not in the config and that this sync keeps (prune off). */
  readonly keptOrphans: readonly string[];
  readonly port: SwarmPort;
}

export interface SwarmTopology {
  readonly topology: PlanTopology;
  readonly nodes: readonly NodeChange[];
  /** The VMs a sync joins (`swarm.join.enabled`), in guest order. */
  readonly joins: readonly NodeJoin[];
  /** The stacks with their placement constraint added. */
  readonly stacks: readonly DesiredStack[];
  /** What a sync applies to the nodes. */
  readonly labels: NodeLabelTargets;
  /** Why the stacks must wait: the swarm has no quorum. */
  readonly holdStacks?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** The labels each node should carry (node ID → key → value), and what applying them must not remove. */
export interface NodeLabelTargets {
  readonly wanted: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly instance: string;
  readonly retained: ReadonlySet<string>;
}

export async function planSwarmTopology(input: SwarmTopologyInput): Promise<SwarmTopology> {
  const { state, settings, stacks } = input;
  const [nodes, self] = await Promise.all([input.port.listNodes(), input.port.getNodeState()]);
  const vms = listSwarmVms(state);
  const placed = stacks.filter((s) => s.placement === "assigned");
  const joinable = listJoinableVms(vms, settings.swarm.join, settings.swarm.nodes);
  const match = matchSwarmNodes({
    joinable,
    vms,
    nodes,
    settings: settings.swarm.nodes,
    selfNodeId: self.nodeId,
    vmsWithStacks: new Set(placed.flatMap((s) => s.vmids)),
  });
  // A one-node swarm that plays every VM by default runs every stack on its node anyway: nothing to constrain or label.
  const moot = match.topology.vms.some((vm) => vm.matchedBy === "only-node");
  const joins = moot ? [] : planNodeJoins(vms, match.topology, joinable, settings.swarm.join);
  const placement = planPlacement(
    stacks.map((s) => ({ namespace: s.namespace, vmids: s.vmids, placement: s.placement })),
    vms,
    moot ? new Map() : new Map([...match.nodeOf, ...standInNodes(joins)]),
  );
  const retained = new Set(input.keptOrphans.map(stackNodeLabel));
  const nodeChanges = planNodeLabels(nodes, placement.labels, { instance: settings.instance, retained });
  const constrained = stacks.map((s) => {
    const constraint = placement.constraints.get(s.namespace);
    return constraint === undefined ? s : { ...s, spec: addPlacementConstraint(s.spec, constraint) };
  });
  const quorum = checkQuorum(nodes);
  return {
    ...(quorum ? { holdStacks: quorum.message } : {}),
    topology: match.topology,
    nodes: nodeChanges,
    joins,
    stacks: constrained,
    labels: { wanted: placement.labels, instance: settings.instance, retained },
    // A stack on a VM that is no Swarm node is reported offline, by checkConfig (config/check-stack-hosts.ts).
    diagnostics: [...match.diagnostics, ...placement.diagnostics, ...(quorum ? [quorum] : [])],
  };
}
