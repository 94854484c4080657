/**
 * Watches a service after a write until its current spec runs: up-to-date
 * tasks running as `countRunningTasks` defines it, continuously for the
 * monitor window (the CLI's "verify: Waiting N seconds to verify that tasks
 * are stable"). Stops early when a task of the new spec fails, when the swarm
 * itself paused or rolled back the update, or when the timeout passes.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { countRunningTasks, isFailedTask, type TaskProgress } from "./count-running-tasks.js";
import { describeTaskFailure } from "./describe-task-failure.js";
import type { ServiceInfo, TaskInfo } from "../engine/engine-objects.js";
import type { SwarmPort } from "../swarm/swarm-port.js";

/** The CLI's default monitor period (`UpdateConfig.Monitor` unset). */
export const DEFAULT_MONITOR_MS = 5_000;
export const DEFAULT_POLL_INTERVAL_MS = 250;

export interface ConvergenceOptions {
  readonly timeoutMs: number;
  /** How long the tasks must keep running; default: the spec's `UpdateConfig.Monitor`, else 5 s. */
  readonly monitorMs?: number;
  readonly pollIntervalMs?: number;
  /** Waiting for a rollback Phoenix requested: the swarm's `rollback_*` states are expected, not failures. */
  readonly rollingBack?: boolean;
}

export type ConvergenceResult =
  | { readonly converged: true; readonly progress: TaskProgress; readonly elapsedMs: number }
  | {
      readonly converged: false;
      /** For people: the task's error, the swarm's update message or the timeout. */
      readonly reason: string;
      readonly timedOut: boolean;
      /** The swarm started its own rollback (`update_config.failure_action: rollback`). */
      readonly swarmRolledBack: boolean;
      readonly task?: TaskInfo;
      readonly elapsedMs: number;
    };

export async function waitForConvergence(port: SwarmPort, serviceId: string, options: ConvergenceOptions): Promise<ConvergenceResult> {
  const startedAt = Date.now();
  const pollMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  let sinceMs: number | undefined;
  let convergedAt: number | undefined;
  let lastTask: TaskInfo | undefined;
  const fail = (reason: string, extra: { timedOut?: boolean; swarmRolledBack?: boolean; task?: TaskInfo } = {}): ConvergenceResult => ({
    converged: false,
    reason,
    timedOut: extra.timedOut ?? false,
    swarmRolledBack: extra.swarmRolledBack ?? false,
    ...(extra.task === undefined ? {} : { task: extra.task }),
    elapsedMs: Date.now() - startedAt,
  });

  for (;;) {
    const service = await port.inspectService(serviceId);
    if (service === undefined) return fail("the service was removed while Phoenix waited for it");
    // The daemon's clock: the update we just made stamped UpdatedAt.
    sinceMs ??= Date.parse(service.UpdatedAt ?? service.CreatedAt ?? "") || 0;
    const monitorMs = options.monitorMs ?? monitorOf(service);
    const [tasks, nodes] = await Promise.all([port.listTasks({ service: serviceId, upToDate: true }), port.listNodes()]);
    lastTask = newestTask(tasks) ?? lastTask;

    const failed = tasks.find((task) => isFailedTask(task, service, sinceMs ?? 0));
    const updateState = service.UpdateStatus?.State;
    if (failed !== undefined) {
      return fail(await describeTaskFailure(port, failed), { task: failed, swarmRolledBack: updateState?.startsWith("rollback") });
    }
    // During a rollback Phoenix asked for, the swarm may still report the failed update, or pause the
    // rollback for a task of the bad spec that ended meanwhile: only the restored spec's tasks decide.
    if (!options.rollingBack) {
      if (updateState === "paused") return fail(`service update paused: ${service.UpdateStatus?.Message ?? ""}`.trim());
      if (updateState?.startsWith("rollback_")) {
        return fail(`the swarm rolled the update back: ${service.UpdateStatus?.Message ?? updateState}`, { swarmRolledBack: true });
      }
    }

    const progress = countRunningTasks(service, tasks, nodes);
    const now = Date.now();
    if (progress.converged) {
      convergedAt ??= now;
      if (now - convergedAt >= monitorMs) return { converged: true, progress, elapsedMs: now - startedAt };
    } else {
      convergedAt = undefined;
    }
    if (now - startedAt >= options.timeoutMs) {
      return fail(describeTimeout(options.timeoutMs, progress, lastTask), { timedOut: true, ...(lastTask ? { task: lastTask } : {}) });
    }
    await sleep(pollMs);
  }
}

function monitorOf(service: ServiceInfo): number {
  const monitorNs = service.Spec.UpdateConfig?.Monitor;
  return monitorNs ? monitorNs / 1_000_000 : DEFAULT_MONITOR_MS;
}

function newestTask(tasks: readonly TaskInfo[]): TaskInfo | undefined {
  return [...tasks].sort((a, b) => (a.Status.Timestamp ?? "").localeCompare(b.Status.Timestamp ?? "")).at(-1);
}

function describeTimeout(timeoutMs: number, progress: TaskProgress, task: TaskInfo | undefined): string {
  const counts = progress.desired === 0 && task === undefined ? "no task was scheduled" : `${progress.running}/${progress.desired} tasks running`;
  const last = task === undefined ? "" : `; last task ${task.Status.State}${task.Status.Message ? ` (${task.Status.Message})` : ""}`;
  return `timed out after ${Math.round(timeoutMs / 1000)}s: ${counts}${last}`;
}
