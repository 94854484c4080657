/**
 * `phoenix swarm join-plan`: which Swarm VMs of the config are in the swarm
 * Phoenix talks to, and the exact commands that init it or bring the others
 * in. Reads the config, the nodes and the join tokens (to show their public
 * part); writes nothing and runs nothing on the VMs.
 */
import { hasErrors } from "../diagnostics.js";
import type { Diagnostic } from "../errors.js";
import type { Logger } from "../logger.js";
import { listSwarmVms } from "../config/swarm-vms.js";
import { matchSwarmNodes } from "../plan/topology/match-swarm-nodes.js";
import { planSwarmJoin, type SwarmJoinPlan } from "../plan/topology/plan-swarm-join.js";
import { loadRepoSettings } from "../settings/load-repo-settings.js";
import type { FileTree } from "../source/file-tree.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import { loadConfigRepo } from "./load-config-repo.js";

export interface JoinPlanRun {
  readonly plan: SwarmJoinPlan | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export async function runJoinPlan(input: { readonly tree: FileTree; readonly port: SwarmPort; readonly logger: Logger }): Promise<JoinPlanRun> {
  const settingsLoad = await loadRepoSettings(input.tree);
  const load = await loadConfigRepo(input.tree, { defaultEnvironment: settingsLoad.settings.environment });
  const diagnostics: Diagnostic[] = [...load.diagnostics, ...settingsLoad.diagnostics];
  if (!load.state || hasErrors(diagnostics)) return { plan: undefined, diagnostics };
  const vms = listSwarmVms(load.state);
  const self = await input.port.getNodeState();
  if (self.localNodeState !== "active" || !self.isManager) {
    // Not in a swarm yet (or a worker, which cannot list nodes): the plan starts from swarm init.
    return { plan: planSwarmJoin({ vms, topology: undefined, swarmActive: false, managerAddress: undefined, joinTokens: undefined }), diagnostics };
  }
  const [nodes, swarm] = await Promise.all([input.port.listNodes(), input.port.inspectSwarm()]);
  const match = matchSwarmNodes({
    vms,
    nodes,
    settings: settingsLoad.settings.swarm.nodes,
    selfNodeId: self.nodeId,
    vmsWithStacks: new Set(load.state.assignments.map((a) => a.vmid)),
  });
  // What is missing is the point of this command, not an error.
  diagnostics.push(...match.diagnostics.map((d) => ({ ...d, severity: "warning" as const })));
  const leader = nodes.find((n) => n.ManagerStatus?.Leader === true)?.ManagerStatus?.Addr;
  input.logger.debug({ vms: vms.length, nodes: nodes.length }, "join plan computed");
  return {
    plan: planSwarmJoin({
      vms,
      topology: match.topology,
      swarmActive: true,
      managerAddress: leader,
      joinTokens: { worker: swarm.JoinTokens.Worker, manager: swarm.JoinTokens.Manager },
    }),
    diagnostics,
  };
}
