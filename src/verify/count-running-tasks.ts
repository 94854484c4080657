/**
 * Whether a service's up-to-date tasks have converged, by the rules of the
 * CLI's progress display (docker/cli `cli/command/service/progress`):
 * replicated: running tasks == replicas; global: one running task on every
 * node the orchestrator placed a task on; tasks on `down` nodes are ignored.
 * A task counts as running only in state `running`, which swarm reports for a
 * container with a health check only once it is healthy.
 */
import type { NodeInfo, ServiceInfo, TaskInfo } from "../engine/engine-objects.js";

export interface TaskProgress {
  readonly running: number;
  readonly desired: number;
  readonly converged: boolean;
}

export function countRunningTasks(service: ServiceInfo, tasks: readonly TaskInfo[], nodes: readonly NodeInfo[]): TaskProgress {
  const down = new Set(nodes.filter((node) => node.Status.State === "down").map((node) => node.ID));
  const live = tasks.filter((task) => task.NodeID === undefined || !down.has(task.NodeID));
  const mode = service.Spec.Mode ?? {};

  if (mode.Global !== undefined || mode.GlobalJob !== undefined) {
    const doneState = mode.GlobalJob !== undefined ? "complete" : "running";
    const byNode = new Map<string, boolean>();
    for (const task of live) {
      if (task.NodeID === undefined) continue;
      const ok = task.DesiredState !== "shutdown" && task.Status.State === doneState;
      byNode.set(task.NodeID, (byNode.get(task.NodeID) ?? false) || ok);
    }
    const running = [...byNode.values()].filter(Boolean).length;
    // No task yet means the orchestrator has not placed the service, not that it converged.
    return { running, desired: byNode.size, converged: byNode.size > 0 && running === byNode.size };
  }
  if (mode.ReplicatedJob !== undefined) {
    const desired = mode.ReplicatedJob.TotalCompletions ?? mode.ReplicatedJob.MaxConcurrent ?? 1;
    const complete = live.filter((task) => task.Status.State === "complete").length;
    return { running: complete, desired, converged: complete >= desired };
  }
  const desired = mode.Replicated?.Replicas ?? 1;
  const running = live.filter((task) => task.DesiredState === "running" && task.Status.State === "running").length;
  return { running, desired, converged: running === desired };
}

/**
 * Terminal states that mean the new spec does not work. Only tasks that ended
 * after `sinceMs` count: a label-only update keeps the old tasks "up to date",
 * and with them any failure from their history.
 */
export function isFailedTask(task: TaskInfo, service: ServiceInfo, sinceMs: number): boolean {
  const endedAt = Date.parse(task.Status.Timestamp ?? "");
  if (Number.isFinite(endedAt) && endedAt < sinceMs) return false;
  const state = task.Status.State;
  if (state === "failed" || state === "rejected") return true;
  // A long-running service whose container exits 0 will never converge either.
  const isJob = service.Spec.Mode?.ReplicatedJob !== undefined || service.Spec.Mode?.GlobalJob !== undefined;
  return state === "complete" && !isJob;
}
