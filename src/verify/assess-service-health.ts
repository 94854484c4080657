/**
 * Health is health: whether a deployed service runs, not whether its spec
 * matches the config. Running tasks are counted against the desired ones
 * (the CLI's rules, `countRunningTasks`), and a service whose tasks keep
 * failing is a crash loop, reported with the task's own error — even while a
 * replacement task happens to be running at the moment of the look.
 */
import type { NodeInfo, ServiceInfo, TaskInfo } from "../engine/engine-objects.js";
import { countRunningTasks } from "./count-running-tasks.js";

/** A crash loop: this many task failures of one service … */
export const CRASH_LOOP_FAILURES = 3;
/** … within this window. */
export const CRASH_LOOP_WINDOW_MS = 5 * 60_000;

/** `updating`: fewer tasks running than desired while the service's rolling update (or rollback) is under way. */
export type HealthState = "healthy" | "updating" | "degraded" | "crash-looping";

export interface CrashLoop {
  /** Failed tasks within the window. */
  readonly failures: number;
  /** The newest failed task's error as the daemon words it (`task: non-zero exit (1)`). */
  readonly error: string;
  /** When that task failed (the daemon's timestamp). */
  readonly at: string;
}

export interface ServiceHealth {
  /** The Swarm service name (`web_app_web`). */
  readonly service: string;
  readonly state: HealthState;
  readonly running: number;
  readonly desired: number;
  readonly crashLoop?: CrashLoop;
}

/** One service's health from its tasks (every task of the service the daemon still keeps, history included). */
export function assessServiceHealth(service: ServiceInfo, tasks: readonly TaskInfo[], nodes: readonly NodeInfo[], nowMs: number): ServiceHealth {
  const { running, desired } = countRunningTasks(service, tasks, nodes);
  const crashLoop = findCrashLoop(service, tasks, nowMs);
  const updating = service.UpdateStatus?.State === "updating" || service.UpdateStatus?.State === "rollback_started";
  const state: HealthState = crashLoop ? "crash-looping" : running >= desired ? "healthy" : updating ? "updating" : "degraded";
  return { service: service.Spec.Name, state, running, desired, ...(crashLoop ? { crashLoop } : {}) };
}

/** The worst state of several services; healthy when there are none. */
export function summarizeHealthState(services: readonly Pick<ServiceHealth, "state">[]): HealthState {
  if (services.some((s) => s.state === "crash-looping")) return "crash-looping";
  if (services.some((s) => s.state === "degraded")) return "degraded";
  if (services.some((s) => s.state === "updating")) return "updating";
  return "healthy";
}

/** Tasks of every service, grouped by service ID: one task list call serves a whole swarm. */
export function groupTasksByService(tasks: readonly TaskInfo[]): Map<string, TaskInfo[]> {
  const byService = new Map<string, TaskInfo[]>();
  for (const task of tasks) {
    const list = byService.get(task.ServiceID);
    if (list) list.push(task);
    else byService.set(task.ServiceID, [task]);
  }
  return byService;
}

function findCrashLoop(service: ServiceInfo, tasks: readonly TaskInfo[], nowMs: number): CrashLoop | undefined {
  const isJob = service.Spec.Mode?.ReplicatedJob !== undefined || service.Spec.Mode?.GlobalJob !== undefined;
  const failed = tasks
    .filter((task) => isFailure(task, isJob))
    .map((task) => ({ task, at: Date.parse(task.Status.Timestamp ?? "") }))
    .filter(({ at }) => Number.isFinite(at) && nowMs - at <= CRASH_LOOP_WINDOW_MS)
    .sort((a, b) => b.at - a.at);
  const newest = failed[0];
  if (failed.length < CRASH_LOOP_FAILURES || newest === undefined) return undefined;
  return { failures: failed.length, error: describeFailure(newest.task), at: newest.task.Status.Timestamp ?? "" };
}

/** Failed or rejected; a long-running service's task that exited 0 did not do its job either. */
function isFailure(task: TaskInfo, isJob: boolean): boolean {
  const state = task.Status.State;
  return state === "failed" || state === "rejected" || (state === "complete" && !isJob);
}

function describeFailure(task: TaskInfo): string {
  const { Status } = task;
  if (Status.Err) return Status.Err;
  if (Status.State === "complete") return `task: exited with code ${Status.ContainerStatus?.ExitCode ?? 0}`;
  return `task ${Status.State}${Status.Message ? `: ${Status.Message}` : ""}`;
}
