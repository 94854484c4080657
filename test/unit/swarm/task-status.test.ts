import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { countRunningTasks, isFailedTask } from "../../../src/verify/count-running-tasks.js";
import { describeTaskFailure } from "../../../src/verify/describe-task-failure.js";
import type { ContainerHealth, NodeInfo, ServiceInfo, TaskInfo } from "../../../src/engine/engine-objects.js";
import { FakeSwarmPort } from "./fake-swarm-port.js";

interface Captured {
  service: ServiceInfo;
  tasks: TaskInfo[];
  health?: { Status: string; FailingStreak: number; Log: { ExitCode: number; Output: string }[] };
  healthContainerId?: string;
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/daemon-tasks.json", import.meta.url), "utf8")) as {
  services: Record<"noimg" | "crash" | "unhealthy" | "ok" | "glob", Captured>;
  nodes: NodeInfo[];
};

/** The health of the one unhealthy container in the fixture, as the local engine reports it. */
class HealthPort extends FakeSwarmPort {
  override async inspectContainerHealth(id: string): Promise<ContainerHealth | undefined> {
    const captured = fixture.services.unhealthy;
    if (id !== captured.healthContainerId || captured.health === undefined) return undefined;
    const { Status, FailingStreak, Log } = captured.health;
    return { status: Status, failingStreak: FailingStreak, log: Log.map((l) => ({ exitCode: l.ExitCode, output: l.Output })) };
  }
}

function firstFailed(captured: Captured): TaskInfo {
  const task = captured.tasks.find((t) => isFailedTask(t, captured.service, 0));
  if (task === undefined) throw new Error("fixture has no failed task");
  return task;
}

describe("describeTaskFailure on tasks captured from the daemon", () => {
  it("reports a missing image with the daemon's words", async () => {
    expect(await describeTaskFailure(new FakeSwarmPort(), firstFailed(fixture.services.noimg))).toBe("No such image: phoenix-test/busybox:nope");
  });

  it("reports a crash with its exit code", async () => {
    expect(await describeTaskFailure(new FakeSwarmPort(), firstFailed(fixture.services.crash))).toBe("task: non-zero exit (1)");
  });

  it("reports a failed health check with the probe's last output when the container is on this node", async () => {
    const task = fixture.services.unhealthy.tasks.find((t) => t.Status.ContainerStatus?.ContainerID === fixture.services.unhealthy.healthContainerId);
    if (task === undefined) throw new Error("fixture has no unhealthy task");
    expect(task.Status.Err).toBe("task: non-zero exit (143): dockerexec: unhealthy container");
    expect(await describeTaskFailure(new HealthPort(), task)).toMatch(/^healthcheck failed after \d+ consecutive failures: exit 1: not ready$/);
    expect(await describeTaskFailure(new FakeSwarmPort(), task)).toBe(
      "healthcheck failed (task: non-zero exit (143): dockerexec: unhealthy container)",
    );
  });
});

describe("countRunningTasks on tasks captured from the daemon", () => {
  it("counts a replicated service with all replicas running as converged", () => {
    expect(countRunningTasks(fixture.services.ok.service, fixture.services.ok.tasks, fixture.nodes)).toEqual({ running: 2, desired: 2, converged: true });
  });

  it("counts a global service per node", () => {
    expect(countRunningTasks(fixture.services.glob.service, fixture.services.glob.tasks, fixture.nodes)).toEqual({ running: 1, desired: 1, converged: true });
  });

  it("does not count failed or restarting tasks", () => {
    expect(countRunningTasks(fixture.services.crash.service, fixture.services.crash.tasks, fixture.nodes)).toMatchObject({ running: 0, converged: false });
  });

  it("ignores tasks on a node that is down", () => {
    const down = fixture.nodes.map((n) => ({ ...n, Status: { ...n.Status, State: "down" as const } }));
    expect(countRunningTasks(fixture.services.ok.service, fixture.services.ok.tasks, down)).toMatchObject({ running: 0, converged: false });
  });

  it("does not call a global service converged before any task was placed", () => {
    expect(countRunningTasks(fixture.services.glob.service, [], fixture.nodes).converged).toBe(false);
  });
});

describe("isFailedTask", () => {
  it("ignores failures older than the update being watched", () => {
    const task = firstFailed(fixture.services.crash);
    const endedAt = Date.parse(task.Status.Timestamp ?? "");
    expect(isFailedTask(task, fixture.services.crash.service, endedAt - 1)).toBe(true);
    expect(isFailedTask(task, fixture.services.crash.service, endedAt + 1)).toBe(false);
  });
});
