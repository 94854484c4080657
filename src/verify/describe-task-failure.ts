/**
 * Why a task failed, in the words the daemon uses (`docker service ps
 * --no-trunc` shows the same): `Status.Err` such as `No such image: app:9` or
 * `task: non-zero exit (1)`. A failed health check is reported with the
 * probe's last output, read from the container when it is on this node.
 */
import type { TaskInfo } from "../engine/engine-objects.js";
import type { SwarmPort } from "../swarm/swarm-port.js";

const MAX_OUTPUT_LENGTH = 200;

export async function describeTaskFailure(port: SwarmPort, task: TaskInfo): Promise<string> {
  const { Status } = task;
  if (Status.Err !== undefined && /unhealthy container/.test(Status.Err)) return describeUnhealthy(port, task);
  if (Status.Err) return Status.Err;
  if (Status.State === "complete") return `task: exited with code ${Status.ContainerStatus?.ExitCode ?? 0} before the service converged`;
  return `task ${Status.State}${Status.Message ? `: ${Status.Message}` : ""}`;
}

async function describeUnhealthy(port: SwarmPort, task: TaskInfo): Promise<string> {
  const containerId = task.Status.ContainerStatus?.ContainerID;
  const health = containerId ? await port.inspectContainerHealth(containerId).catch(() => undefined) : undefined;
  // A probe still running when the container is stopped (the rollback) ends killed, 137: quote the last probe that ended on its own.
  const last = health?.log.findLast((entry) => entry.exitCode !== 137) ?? health?.log.at(-1);
  if (health === undefined || last === undefined) return `healthcheck failed (${task.Status.Err ?? "unhealthy container"})`;
  const output = last.output.trim().split("\n").at(-1)?.slice(0, MAX_OUTPUT_LENGTH) ?? "";
  const streak = health.failingStreak === 1 ? "1 failure" : `${health.failingStreak} consecutive failures`;
  return `healthcheck failed after ${streak}: exit ${last.exitCode}${output ? `: ${output}` : ""}`;
}
