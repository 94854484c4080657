/**
 * A `join/<vmid>` step: the VM joins the swarm Phoenix talks to, over its own
 * Docker API reached through ssh, with the manager's token for its role; then
 * its node gets the labels the plan wanted on it. The token is a secret: it
 * is added to the run's masker (reports) and the process's (logs) before it
 * is used, and never put in a result.
 */
import type { Logger } from "../logger.js";
import type { NodeJoin } from "../plan/plan.js";
import { joiningNodeId } from "../plan/topology/plan-node-joins.js";
import type { SecretMasker } from "../secrets/secret-masker.js";
import { registerProcessSecrets } from "../secrets/process-secrets.js";
import { applyNodeLabels, type NodeSyncResult } from "../swarm/apply-node-labels.js";
import { readDockerMessage } from "../swarm/docker-api-error.js";
import { createRemoteDockerDaemon, type RemoteDockerDaemon } from "../swarm/remote-docker-daemon.js";
import { dialDockerOverSsh } from "../infra/targets/ssh-docker-dial.js";
import type { SwarmJoin } from "../settings/swarm-join-settings.js";
import type { PlanRun } from "./run-plan.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import type { NodeLabelTargets } from "./plan-swarm-topology.js";

export interface JoinSyncResult {
  readonly vmid: string;
  readonly name: string;
  /** `joined`; `unchanged` when the VM's daemon is in this swarm already; `held` when a readiness check failed. */
  readonly outcome: "joined" | "unchanged" | "failed" | "held";
  readonly nodeId?: string;
  /** Its labels, applied right after the join. */
  readonly labels?: NodeSyncResult;
  readonly error?: string;
}

export interface JoinContext {
  /** The manager Phoenix talks to. */
  readonly port: SwarmPort;
  /** The VM's daemon (`ssh://user@address`). */
  readonly openDaemon: (join: NodeJoin) => RemoteDockerDaemon;
  readonly labels: NodeLabelTargets | undefined;
  readonly masker: SecretMasker;
  readonly logger: Logger;
}

/** The port a manager listens on for joining nodes, and where a joined node listens. */
export const SWARM_PORT = 2377;
/** How often the labels step looks for the new node in the manager's list before it gives up. */
const NODE_LOOKUPS = 10;
const NODE_LOOKUP_DELAY_MS = 500;

export async function applyPlannedJoin(join: NodeJoin, context: JoinContext): Promise<JoinSyncResult> {
  const head = { vmid: join.vmid, name: join.name };
  try {
    const [swarm, nodes, self] = await Promise.all([context.port.inspectSwarm(), context.port.listNodes(), context.port.getNodeState()]);
    const token = join.role === "manager" ? swarm.JoinTokens.Manager : swarm.JoinTokens.Worker;
    context.masker.add([token]);
    registerProcessSecrets([token]);
    const managers = nodes.filter((n) => n.ManagerStatus?.Addr !== undefined);
    const manager = managers.find((n) => n.ManagerStatus?.Leader === true) ?? managers.find((n) => n.ID === self.nodeId) ?? managers[0];
    const managerAddress = manager?.ManagerStatus?.Addr;
    if (managerAddress === undefined) return { ...head, outcome: "failed", error: "the swarm Phoenix talks to lists no manager address" };
    const daemon = context.openDaemon(join);
    const before = await daemon.readSwarmState();
    if (before.localNodeState !== "inactive") {
      // Joined since the plan (another sync, a person): nothing to do when it is this swarm's node.
      if (nodes.some((n) => n.ID === before.nodeId)) return { ...head, outcome: "unchanged", nodeId: before.nodeId };
      return { ...head, outcome: "failed", error: `${daemon.description} is ${before.localNodeState} in another swarm (node ${before.nodeId || "unknown"}): leave it there first` };
    }
    await daemon.joinSwarm({ ListenAddr: `0.0.0.0:${SWARM_PORT}`, AdvertiseAddr: join.address, RemoteAddrs: [managerAddress], JoinToken: token });
    const after = await daemon.readSwarmState();
    context.logger.info({ vmid: join.vmid, node: after.nodeId, role: join.role }, "vm joined the swarm");
    const labels = await labelJoinedNode(after.nodeId, join, context);
    return { ...head, outcome: labels?.outcome === "failed" ? "failed" : "joined", nodeId: after.nodeId, ...(labels ? { labels } : {}), ...(labels?.error ? { error: labels.error } : {}) };
  } catch (error) {
    return { ...head, outcome: "failed", error: context.masker.maskText(readDockerMessage(error)) };
  }
}

/** The node appears in the manager's list once the raft has it: look a few times before labelling it. */
async function labelJoinedNode(nodeId: string, join: NodeJoin, context: JoinContext): Promise<NodeSyncResult | undefined> {
  const targets = context.labels;
  const wanted = targets?.wanted.get(joiningNodeId(join.vmid));
  if (targets === undefined || wanted === undefined || wanted.size === 0) return undefined;
  for (let i = 0; i < NODE_LOOKUPS && !(await context.port.listNodes()).some((n) => n.ID === nodeId); i++)
    await new Promise((resolve) => setTimeout(resolve, NODE_LOOKUP_DELAY_MS));
  return applyNodeLabels(context.port, nodeId, wanted, { instance: targets.instance, retained: targets.retained, keepStale: false, logger: context.logger });
}

/** `ssh://user@address` with the settings' port, key and options, as the docker CLI dials it. */
export function openDaemonOverSsh(join: SwarmJoin): (node: NodeJoin) => RemoteDockerDaemon {
  return (node) =>
    createRemoteDockerDaemon(
      () =>
        dialDockerOverSsh({
          user: node.user,
          host: node.address,
          ...(join.port !== undefined ? { port: join.port } : {}),
          ...(join.identityFile !== undefined ? { identityFile: join.identityFile } : {}),
          ...(join.sshOptions !== undefined ? { sshOptions: join.sshOptions } : {}),
        }),
      `ssh://${node.user}@${node.address}`,
    );
}

/** The `join/<vmid>` step of a sync's plan; `held` when a readiness check holds the stacks (the swarm has no quorum). */
export async function runJoinStep(vmid: string, planned: PlanRun, context: Omit<JoinContext, "labels" | "masker" | "openDaemon"> & { readonly openDaemon?: JoinContext["openDaemon"] }): Promise<JoinSyncResult | undefined> {
  const join = planned.plan?.joins?.find((j) => j.vmid === vmid);
  const settings = planned.settings;
  if (join === undefined || settings === undefined) return undefined;
  if (planned.hold?.stacks !== undefined) return { vmid, name: join.name, outcome: "held", error: `not joined: ${planned.hold.stacks}` };
  return applyPlannedJoin(join, { ...context, openDaemon: context.openDaemon ?? openDaemonOverSsh(settings.swarm.join), labels: planned.nodeLabels, masker: planned.masker });
}
