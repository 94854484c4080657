/**
 * Which live Swarm node plays which Swarm VM of the config (pure). In order:
 *   1. `swarm.nodes` of the settings: VMID → node host name, node ID or `self`;
 *   2. the node's `Status.Addr` equals the VM's `network_config.ip`;
 *   3. the node's host name equals the VM's name (or its first DNS label does);
 *   4. a swarm of exactly one node that none of the above gave a VM plays
 *      every Swarm VM: a laptop, the demo and single-node test swarms, where
 *      every stack can only run on that node anyway.
 * A node plays several VMs only through rules 1 and 4. What does not fit is a
 * finding: a VM without a node (an error when stacks must be placed on it),
 * a node without a VM, a manager VM played by a worker node, a node not ready.
 */
import type { SwarmVm } from "../../config/swarm-vms.js";
import type { NodeInfo } from "../../engine/engine-objects.js";
import type { Diagnostic } from "../../errors.js";
import { diagnosticAtOrigin } from "../../config/origin.js";
import type { NodeMatch, PlanTopology, SwarmNodeSummary, VmNodeMapping } from "../plan.js";

export interface SwarmNodeMatchInput {
  readonly vms: readonly SwarmVm[];
  readonly nodes: readonly NodeInfo[];
  /** `swarm.nodes` of the settings. */
  readonly settings: Readonly<Record<string, string>>;
  /** The ID of the node Phoenix talks to: what `self` means. */
  readonly selfNodeId: string;
  /** VMs that stacks are placed on: without a node they are an error, not a warning. */
  readonly vmsWithStacks: ReadonlySet<string>;
  /** VMs a sync joins when no node plays them (`swarm.join`): their `join/<vmid>` step replaces the finding. */
  readonly joinable?: ReadonlySet<string>;
}

export interface SwarmNodeMatch {
  readonly topology: PlanTopology;
  /** VMID → the node that plays it. */
  readonly nodeOf: ReadonlyMap<string, NodeInfo>;
  readonly diagnostics: readonly Diagnostic[];
}

export const SELF_NODE = "self";
const SETTINGS_FILE = ".github/phoenix.yml";

export function matchSwarmNodes(input: SwarmNodeMatchInput): SwarmNodeMatch {
  const diagnostics: Diagnostic[] = [];
  // A node that left and joined again is listed twice: the ready entry wins.
  const nodes = [...input.nodes].sort((a, b) => readiness(a) - readiness(b));
  const nodeOf = new Map<string, NodeInfo>();
  const how = new Map<string, NodeMatch>();
  const claim = (vm: SwarmVm, node: NodeInfo | undefined, match: NodeMatch) => {
    if (node === undefined) return;
    nodeOf.set(vm.id, node);
    how.set(vm.id, match);
  };

  for (const vm of input.vms) {
    const wanted = input.settings[vm.id];
    if (wanted !== undefined) {
      const node = findSettingsNode(nodes, wanted, input.selfNodeId);
      if (node === undefined) diagnostics.push(unknownSettingsNode(vm, wanted, nodes, input.vmsWithStacks.has(vm.id)));
      claim(vm, node, "settings");
    }
  }
  const playing = () => new Set([...nodeOf.values()].map((n) => n.ID));
  // A node found by address or host name plays one VM; swarm.nodes may give it more.
  const matched = new Set<string>();
  for (const vm of input.vms) {
    if (input.settings[vm.id] !== undefined) continue;
    const free = nodes.filter((n) => !matched.has(n.ID));
    const byAddress = vm.ip === undefined ? undefined : free.find((n) => n.Status.Addr === vm.ip);
    const node = byAddress ?? free.find((n) => hostnameMatches(n, vm.name));
    claim(vm, node, byAddress ? "address" : "hostname");
    if (node) matched.add(node.ID);
  }
  const only = input.nodes.length === 1 ? input.nodes[0] : undefined;
  if (only !== undefined && nodeOf.size === 0) for (const vm of input.vms) claim(vm, only, "only-node");

  for (const key of Object.keys(input.settings)) {
    if (!input.vms.some((vm) => vm.id === key))
      diagnostics.push({
        severity: "warning",
        code: "SWARM_NODES_UNKNOWN_VM",
        stage: "plan",
        file: SETTINGS_FILE,
        path: `swarm.nodes.${key}`,
        message: `${key} is not a Swarm VM of the config (a VM with the docker feature and a portainer_role): the entry is ignored`,
      });
  }
  const vms = input.vms.map((vm): VmNodeMapping => {
    const node = nodeOf.get(vm.id);
    const mapping = { vmid: vm.id, name: vm.name, role: vm.role };
    if (node === undefined) {
      if (input.settings[vm.id] === undefined && input.joinable?.has(vm.id) !== true) diagnostics.push(vmWithoutNode(vm, nodes, input.vmsWithStacks.has(vm.id)));
      return mapping;
    }
    diagnostics.push(...checkPlayedBy(vm, node));
    return { ...mapping, node: summarizeNode(node), matchedBy: how.get(vm.id) ?? "settings" };
  });
  const played = playing();
  const unmatchedNodes = nodes.filter((n) => !played.has(n.ID) && n.Status.State !== "down").map(summarizeNode);
  if (input.vms.length > 0)
    for (const node of unmatchedNodes)
      diagnostics.push({
        severity: "warning",
        code: "SWARM_NODE_WITHOUT_VM",
        stage: "plan",
        message: `node ${describeNode(node)} plays no VM of the config: Phoenix places no stack there (its address and host name match no Swarm VM)`,
        hint: "give the VM that runs there its address in network_config.ip, or map it in swarm.nodes of .github/phoenix.yml",
      });
  return { topology: { vms, unmatchedNodes }, nodeOf, diagnostics };
}

function findSettingsNode(nodes: readonly NodeInfo[], wanted: string, selfNodeId: string): NodeInfo | undefined {
  if (wanted === SELF_NODE) return nodes.find((n) => n.ID === selfNodeId);
  return nodes.find((n) => n.ID === wanted) ?? nodes.find((n) => hostnameOf(n).toLowerCase() === wanted.toLowerCase());
}

function hostnameMatches(node: NodeInfo, vmName: string): boolean {
  const hostname = hostnameOf(node).toLowerCase();
  const name = vmName.toLowerCase();
  return hostname === name || hostname.split(".")[0] === name;
}

function checkPlayedBy(vm: SwarmVm, node: NodeInfo): Diagnostic[] {
  const out: Diagnostic[] = [];
  const summary = summarizeNode(node);
  if (vm.role === "manager" && summary.role !== "manager")
    out.push(
      diagnosticAtOrigin(vm.origin, {
        severity: "warning",
        stage: "plan",
        code: "SWARM_ROLE_MISMATCH",
        message: `VM ${vm.id} (${vm.name}) is the Swarm manager (portainer_role primary), but node ${describeNode(summary)} that plays it is a worker`,
        hint: `promote it (docker node promote ${summary.hostname}) or map the VM to a manager in swarm.nodes of .github/phoenix.yml`,
      }),
    );
  if (summary.state !== "ready")
    out.push(
      diagnosticAtOrigin(vm.origin, {
        severity: "warning",
        stage: "plan",
        code: "SWARM_NODE_NOT_READY",
        message: `node ${describeNode(summary)} that plays VM ${vm.id} (${vm.name}) is ${summary.state}: its stacks cannot start there until it is ready`,
      }),
    );
  return out;
}

function vmWithoutNode(vm: SwarmVm, nodes: readonly NodeInfo[], hasStacks: boolean): Diagnostic {
  const tried = [vm.ip === undefined ? undefined : `address ${vm.ip}`, `host name ${vm.name}`].filter(Boolean).join(" or ");
  const what = hasStacks ? "its stacks cannot be placed" : "nothing is placed on it";
  return diagnosticAtOrigin(vm.origin, {
    severity: hasStacks ? "error" : "warning",
    stage: "plan",
    code: "SWARM_VM_WITHOUT_NODE",
    message: `VM ${vm.id} (${vm.name}) is a Swarm ${vm.role} in the config, but no node of the swarm plays it (none has ${tried}; nodes: ${listNodes(nodes)}): ${what}`,
    hint: "join the VM to the swarm (phoenix swarm join-plan prints the commands), or map a node to it in swarm.nodes of .github/phoenix.yml",
  });
}

function unknownSettingsNode(vm: SwarmVm, wanted: string, nodes: readonly NodeInfo[], hasStacks: boolean): Diagnostic {
  return {
    severity: hasStacks ? "error" : "warning",
    code: "SWARM_NODES_UNKNOWN_NODE",
    stage: "plan",
    file: SETTINGS_FILE,
    path: `swarm.nodes.${vm.id}`,
    message: `no node of the swarm is ${JSON.stringify(wanted)} (nodes: ${listNodes(nodes)}), so VM ${vm.id} (${vm.name}) has no node${hasStacks ? " and its stacks cannot be placed" : ""}`,
    hint: "use a host name or ID from docker node ls, or self for the node Phoenix talks to",
  };
}

export function summarizeNode(node: NodeInfo): SwarmNodeSummary {
  return {
    id: node.ID,
    hostname: hostnameOf(node),
    address: node.Status.Addr ?? "",
    role: node.Spec.Role === "manager" ? "manager" : "worker",
    state: node.Status.State,
  };
}

function hostnameOf(node: NodeInfo): string {
  return node.Description?.Hostname ?? node.ID;
}

function describeNode(node: SwarmNodeSummary): string {
  return `${node.hostname} (${node.address || "no address"}, ${node.role})`;
}

function listNodes(nodes: readonly NodeInfo[]): string {
  return nodes.length === 0 ? "none" : nodes.map((n) => `${hostnameOf(n)} ${n.Status.Addr ?? ""}`.trim()).join(", ");
}

function readiness(node: NodeInfo): number {
  return node.Status.State === "ready" ? 0 : 1;
}
