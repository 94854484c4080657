import type { Logger } from "../logger.js";
import { applyNodeLabels, type NodeSyncResult } from "../swarm/apply-node-labels.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import type { PlanRun } from "./run-plan.js";

/**
 * A `node/<hostname>` step of a plan, for every node of that name whose plan
 * changes its labels: `set` (before the stacks) sets and changes labels and
 * removes none; `remove` (after them) removes the stale ones; `hold` skips
 * the removal because a stack failed and was rolled back to a spec that may
 * still need them.
 */
export async function applyPlannedNodeLabels(
  port: SwarmPort,
  planned: PlanRun,
  hostname: string,
  phase: "set" | "remove" | "hold",
  logger: Logger,
): Promise<NodeSyncResult[]> {
  const targets = planned.nodeLabels;
  if (targets === undefined) return [];
  const results: NodeSyncResult[] = [];
  for (const change of planned.plan?.nodes ?? []) {
    if (change.node !== hostname || change.action === "unchanged") continue;
    if (phase === "hold") {
      results.push({ node: change.node, id: change.id, outcome: "held", changed: [], error: "stale labels kept: a stack failed and was rolled back" });
      continue;
    }
    const wanted = targets.wanted.get(change.id) ?? new Map<string, string>();
    const options = { instance: targets.instance, retained: targets.retained, keepStale: phase === "set", logger };
    results.push(await applyNodeLabels(port, change.id, wanted, options));
  }
  return results;
}
