/**
 * Undoes what a deploy did to one service: an updated service goes back to
 * its `PreviousSpec` (an update with `rollback=previous`, what `docker service
 * rollback` sends); a service the deploy created has nothing to go back to and
 * is removed. Then waits until the restored spec runs again.
 */
import { isNotFoundError, readDockerMessage } from "../swarm/docker-api-error.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import { waitForConvergence } from "./wait-for-convergence.js";

export interface RollbackTarget {
  readonly id: string;
  readonly name: string;
  /** Created by the deploy being undone. */
  readonly created: boolean;
}

export interface RollbackOptions {
  readonly timeoutMs: number;
  readonly pollIntervalMs?: number;
}

export interface RollbackOutcome {
  readonly outcome: "rolled-back" | "removed" | "rollback-failed";
  /** Why the rollback did not bring the service back. */
  readonly reason?: string;
}

export async function rollbackService(port: SwarmPort, target: RollbackTarget, options: RollbackOptions): Promise<RollbackOutcome> {
  if (target.created) {
    try {
      await port.removeService(target.id);
    } catch (error) {
      if (!isNotFoundError(error)) {
        return { outcome: "rollback-failed", reason: `could not remove the new service: ${readDockerMessage(error)}` };
      }
    }
    return { outcome: "removed" };
  }

  const service = await port.inspectService(target.id);
  if (service === undefined) return { outcome: "rollback-failed", reason: "the service no longer exists" };
  const state = service.UpdateStatus?.State;
  // With `update_config.failure_action: rollback` the swarm is already on its way back.
  const swarmRollingBack = state === "rollback_started" || state === "rollback_completed";
  if (!swarmRollingBack) {
    if (service.PreviousSpec === undefined) return { outcome: "rollback-failed", reason: "the service has no previous spec" };
    try {
      await port.updateService(target.id, service.Version.Index, service.Spec, { rollback: "previous" });
    } catch (error) {
      return { outcome: "rollback-failed", reason: readDockerMessage(error) };
    }
  }

  const restored = await waitForConvergence(port, target.id, {
    timeoutMs: options.timeoutMs,
    monitorMs: 0,
    rollingBack: true,
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
  });
  if (restored.converged) return { outcome: "rolled-back" };
  return { outcome: "rollback-failed", reason: `the previous spec does not run either: ${restored.reason}` };
}
