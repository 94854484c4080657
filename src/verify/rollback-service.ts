/**
 * Undoes what a deploy did to one service: an updated service goes back to
 * its `PreviousSpec` (an update with `rollback=previous`, what `docker service
 * rollback` sends); a service the deploy created has nothing to go back to and
 * is removed. Then waits until the restored spec runs again and the swarm
 * says the rollback completed (`UpdateStatus.State: rollback_completed`, set
 * after the rollback's own monitor window): only then is it reported done.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { isNotFoundError, readDockerMessage } from "../swarm/docker-api-error.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import type { UpdateState } from "../engine/engine-objects.js";
import { DEFAULT_POLL_INTERVAL_MS, waitForConvergence } from "./wait-for-convergence.js";

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
  /** A rollback that completed: the swarm's update state and the restored spec's tasks. */
  readonly completed?: { readonly state: string; readonly running: number; readonly desired: number };
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

  const startedAt = Date.now();
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const restored = await waitForConvergence(port, target.id, { timeoutMs: options.timeoutMs, monitorMs: 0, rollingBack: true, pollIntervalMs });
  if (!restored.converged) return { outcome: "rollback-failed", reason: `the previous spec does not run either: ${restored.reason}` };
  const ended = await waitForRollbackState(port, target.id, startedAt + options.timeoutMs, pollIntervalMs);
  const tasks = { running: restored.progress.running, desired: restored.progress.desired };
  if (ended === GONE) return { outcome: "rollback-failed", reason: "the service was removed while it rolled back" };
  if (ended === "rollback_started") {
    return { outcome: "rollback-failed", reason: `the previous spec runs (${tasks.running}/${tasks.desired} tasks), but the swarm did not complete the rollback within ${Math.round(options.timeoutMs / 1000)}s` };
  }
  // `rollback_paused` with the previous spec running on every slot: the swarm paused because a task of the
  // failed spec ended meanwhile, after the restore; the state is reported as the swarm gives it.
  // No update status at all: nothing was left to roll out, which the swarm reports as done.
  return { outcome: "rolled-back", completed: { state: ended ?? "completed", ...tasks } };
}

const GONE = "gone" as const;

/**
 * The update state once it leaves `rollback_started` (`rollback_completed`,
 * or `rollback_paused`), or still that at the deadline. Another update meanwhile ends the rollback too: its state is returned.
 */
async function waitForRollbackState(port: SwarmPort, id: string, deadline: number, pollIntervalMs: number): Promise<UpdateState | typeof GONE | undefined> {
  for (;;) {
    const service = await port.inspectService(id);
    if (service === undefined) return GONE;
    const state = service.UpdateStatus?.State;
    if (state !== "rollback_started" || Date.now() >= deadline) return state;
    await sleep(pollIntervalMs);
  }
}
