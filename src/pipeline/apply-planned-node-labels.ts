import type { Logger } from "../logger.js";
import { applyNodeLabels, type NodeSyncResult } from "../swarm/apply-node-labels.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import type { PlanRun } from "./run-plan.js";

/** The `node/<hostname>` step of a plan: the labels of every node of that name whose plan changes them. */
export async function applyPlannedNodeLabels(port: SwarmPort, planned: PlanRun, hostname: string, logger: Logger): Promise<NodeSyncResult[]> {
  const targets = planned.nodeLabels;
  if (targets === undefined) return [];
  const results: NodeSyncResult[] = [];
  for (const change of planned.plan?.nodes ?? []) {
    if (change.node !== hostname || change.action === "unchanged") continue;
    const wanted = targets.wanted.get(change.id) ?? new Map<string, string>();
    results.push(await applyNodeLabels(port, change.id, wanted, { instance: targets.instance, retained: targets.retained, logger }));
  }
  return results;
}
