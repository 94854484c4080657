import { describe, expect, it } from "vitest";
import type { ServiceSpec } from "../../../src/engine/engine-service-spec.js";
import { waitForConvergence } from "../../../src/verify/wait-for-convergence.js";
import { failedTask, FakeSwarmPort, runningTasks } from "./fake-swarm-port.js";

const spec: ServiceSpec = { Name: "s_app", TaskTemplate: { ContainerSpec: { Image: "app:1" } }, Mode: { Replicated: { Replicas: 2 } } };
const fast = { pollIntervalMs: 10, timeoutMs: 2_000 };

describe("waitForConvergence", () => {
  it("converges once the tasks kept running for the monitor window", async () => {
    const port = new FakeSwarmPort();
    const { id } = await port.createService(spec);
    const result = await waitForConvergence(port, id, { ...fast, monitorMs: 100 });
    expect(result).toMatchObject({ converged: true, progress: { running: 2, desired: 2 } });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(100);
  });

  it("fails as soon as a task of the new spec fails, with the task's error", async () => {
    const port = new FakeSwarmPort();
    port.taskScripts.set("s_app", (service, since) => [failedTask(service, since, "task: non-zero exit (1)")]);
    const { id } = await port.createService(spec);
    const result = await waitForConvergence(port, id, { ...fast, monitorMs: 1_000 });
    expect(result).toMatchObject({ converged: false, reason: "task: non-zero exit (1)", timedOut: false });
    expect(result.elapsedMs).toBeLessThan(500);
  });

  it("ignores a failure that happened before the update (label-only updates keep old tasks)", async () => {
    const port = new FakeSwarmPort();
    port.taskScripts.set("s_app", (service, since) => [...runningTasks(service, since), failedTask(service, since - 60_000, "task: non-zero exit (1)")]);
    const { id } = await port.createService(spec);
    expect(await waitForConvergence(port, id, { ...fast, monitorMs: 0 })).toMatchObject({ converged: true });
  });

  it("times out with the progress and the last task state", async () => {
    const port = new FakeSwarmPort();
    port.taskScripts.set("s_app", (service, since) =>
      runningTasks(service, since).map((t, i) => (i === 0 ? t : { ...t, Status: { ...t.Status, State: "preparing" as const, Message: "preparing" } })),
    );
    const { id } = await port.createService(spec);
    const result = await waitForConvergence(port, id, { pollIntervalMs: 10, timeoutMs: 100, monitorMs: 0 });
    expect(result).toMatchObject({ converged: false, timedOut: true });
    if (!result.converged) expect(result.reason).toMatch(/^timed out after 0s: 1\/2 tasks running; last task (running|preparing)/);
  });

  it("reports an update the swarm paused", async () => {
    const port = new FakeSwarmPort();
    port.taskScripts.set("s_app", () => []);
    const { id } = await port.createService(spec);
    const service = port.services.get(id);
    if (service === undefined) throw new Error("not created");
    port.services.set(id, { ...service, UpdateStatus: { State: "paused", Message: "update paused due to failure or early termination of task x" } });
    expect(await waitForConvergence(port, id, fast)).toMatchObject({
      converged: false,
      reason: "service update paused: update paused due to failure or early termination of task x",
    });
  });
});
