/**
 * The failing task's own last words, for the report of a failed service:
 * what it printed before it exited or failed its health check. Bounded (the
 * last 20 lines, 200 characters each: enough for a stack trace's head or an
 * error line, small enough for a PR comment and a terminal) and masked with
 * the run's secret values, since a task may print its environment.
 */
import type { TaskInfo } from "../engine/engine-objects.js";
import type { SwarmPort, TaskLogLimits } from "../swarm/swarm-port.js";

export const FAILURE_LOG_LIMITS: TaskLogLimits = { lines: 20, lineLength: 200 };

/** [] when there is no task, it never ran a container, or its logs cannot be read: the reason is reported either way. */
export async function readFailureLogs(port: SwarmPort, task: TaskInfo | undefined, maskText: (text: string) => string): Promise<readonly string[]> {
  if (task?.Status.ContainerStatus?.ContainerID === undefined) return [];
  const lines = await port.readTaskLogs(task.ID, FAILURE_LOG_LIMITS).catch(() => []);
  return lines.map(maskText);
}
