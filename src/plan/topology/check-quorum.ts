import type { NodeInfo } from "../../engine/engine-objects.js";
import type { Diagnostic } from "../../errors.js";

/**
 * The swarm has a quorum when more than half of its managers are reachable
 * (raft). Without one it accepts no change; with a bare majority a single
 * further loss stops it. Undefined when the quorum holds.
 */
export function checkQuorum(nodes: readonly NodeInfo[]): Diagnostic | undefined {
  // The daemon reports ManagerStatus for every manager; a list without it says nothing about the quorum.
  const managers = nodes.filter((n) => n.Spec.Role === "manager" && n.ManagerStatus !== undefined);
  if (managers.length === 0) return undefined;
  const reachable = managers.filter((n) => n.ManagerStatus?.Reachability === "reachable").length;
  if (reachable * 2 > managers.length) return undefined;
  return {
    severity: "warning",
    code: "READINESS_QUORUM",
    stage: "plan",
    message: `the swarm has no quorum: ${reachable} of ${managers.length} managers are reachable, more than half must be: the stacks are not deployed until it has`,
    hint: "bring the managers back (docker node ls), or recover the swarm with docker swarm init --force-new-cluster on a manager",
  };
}
