/**
 * Applies the labels a plan wants on one node: reads the node again, merges
 * (`mergeNodeLabels`: its own labels set, its stale ones removed, foreign
 * ones kept) and sends the node's whole spec with the new labels and the
 * version it read. Someone else's write in between (`update out of
 * sequence`) makes it read and merge again, a bounded number of times, so a
 * label set by hand meanwhile is kept. Role and availability are sent as read.
 */
import type { Logger } from "../logger.js";
import { diffNodeLabels, mergeNodeLabels, type NodeLabelOptions } from "../plan/topology/plan-node-labels.js";
import { isOutOfSequenceError, readDockerMessage } from "./docker-api-error.js";
import type { SwarmPort } from "./swarm-port.js";

/** `held`: stale labels not removed because a stack of the same sync failed (the next sync removes them). */
export type NodeSyncOutcome = "applied" | "unchanged" | "failed" | "held";

export interface NodeSyncResult {
  /** The node's host name. */
  readonly node: string;
  readonly id: string;
  readonly outcome: NodeSyncOutcome;
  /** Label keys set, changed or removed. */
  readonly changed: readonly string[];
  readonly error?: string;
}

const MAX_ATTEMPTS = 5;

export async function applyNodeLabels(
  port: SwarmPort,
  nodeId: string,
  wanted: ReadonlyMap<string, string>,
  options: NodeLabelOptions & { readonly logger: Logger },
): Promise<NodeSyncResult> {
  let hostname = nodeId;
  for (let attempt = 1; ; attempt++) {
    try {
      const node = (await port.listNodes()).find((n) => n.ID === nodeId);
      if (node === undefined) return { node: hostname, id: nodeId, outcome: "failed", changed: [], error: `node ${nodeId} is no longer in the swarm` };
      hostname = node.Description?.Hostname ?? nodeId;
      const live = node.Spec.Labels ?? {};
      const labels = mergeNodeLabels(live, wanted, options);
      const changed = diffNodeLabels(live, labels).map((f) => f.path);
      if (changed.length === 0) return { node: hostname, id: nodeId, outcome: "unchanged", changed };
      await port.updateNode(nodeId, node.Version?.Index ?? 0, { ...node.Spec, Labels: labels });
      options.logger.info({ node: hostname, changed }, "node labels applied");
      return { node: hostname, id: nodeId, outcome: "applied", changed };
    } catch (error) {
      if (isOutOfSequenceError(error) && attempt < MAX_ATTEMPTS) continue;
      const message = readDockerMessage(error);
      options.logger.error({ node: hostname, err: message }, "node labels failed");
      return { node: hostname, id: nodeId, outcome: "failed", changed: [], error: message };
    }
  }
}
