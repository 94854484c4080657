import { describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { deployStack } from "../../../src/pipeline/deploy-stack.js";
import type { DeployEvent, DeployOptions } from "../../../src/swarm/deploy-types.js";
import type { ServiceInfo, TaskInfo } from "../../../src/engine/engine-objects.js";
import { failedTask, FakeSwarmPort, runningTasks } from "./fake-swarm-port.js";
import { buildTestService, buildTestStack, withService } from "./test-stack.js";

function options(events: DeployEvent[], overrides: Partial<DeployOptions> = {}): DeployOptions {
  return {
    prune: false,
    resolveImage: "never",
    detach: false,
    compat: false,
    waitTimeoutMs: 500,
    monitorMs: 0,
    pollIntervalMs: 5,
    logger: createSilentLogger(),
    onEvent: (event) => events.push(event),
    ...overrides,
  };
}

/** A task that ran a container and exited: its logs can be read. */
function exitedTask(service: ServiceInfo, since: number): TaskInfo {
  const task = failedTask(service, since, "task: non-zero exit (1)");
  return { ...task, Status: { ...task.Status, ContainerStatus: { ContainerID: "c1", ExitCode: 1 } } };
}

describe("a failed deploy leaves nothing it created behind", () => {
  it("removes the network, secret, config and services of a failed first deploy", async () => {
    const port = new FakeSwarmPort();
    port.taskScripts.set("s_api", (service, since) => [exitedTask(service, since)]);
    const events: DeployEvent[] = [];
    const result = await deployStack(port, buildTestStack("s"), options(events));

    expect(result.outcome).toBe("rolled-back");
    expect(await port.listStackObjects("s")).toEqual({ services: [], networks: [], secrets: [], configs: [] });
    expect(events.filter((e) => /^Removing (secret|config|network)/.test(e.message)).map((e) => e.message)).toEqual([
      "Removing secret s_token: this deploy created it and failed",
      "Removing config s_conf: this deploy created it and failed",
      "Removing network s_back: this deploy created it and failed",
    ]);
  });

  it("removes what a deploy stopped by a rejected write created", async () => {
    const port = new FakeSwarmPort();
    port.rejectService.set("s_worker", "rpc error: code = InvalidArgument desc = bad spec");
    const result = await deployStack(port, buildTestStack("s"), options([]));
    expect(result.outcome).toBe("failed");
    expect(await port.listStackObjects("s")).toEqual({ services: [], networks: [], secrets: [], configs: [] });
  });

  it("keeps what a service outside the rollback scope still uses", async () => {
    const port = new FakeSwarmPort();
    port.taskScripts.set("s_api", (service, since) => [exitedTask(service, since)]);
    await deployStack(port, buildTestStack("s"), options([], { rollback: "service" }));
    const live = await port.listStackObjects("s");
    expect(live.services.map((s) => s.Spec.Name)).toEqual(["s_worker"]);
    expect([live.networks.length, live.secrets.length, live.configs.length]).toEqual([1, 1, 1]);
  });

  it("with detach, removes nothing: nobody watched the services", async () => {
    const port = new FakeSwarmPort();
    port.rejectService.set("s_worker", "bad spec");
    await deployStack(port, buildTestStack("s"), options([], { detach: true }));
    expect((await port.listStackObjects("s")).networks).toHaveLength(1);
  });
});

describe("a rollback is reported when it is over, with the failing task's output", () => {
  it("quotes the task's last lines, masked, and says the rollback completed", async () => {
    const port = new FakeSwarmPort();
    await deployStack(port, buildTestStack("s"), options([]));
    port.taskScripts.set("s_api", (service, since) => (service.Spec.TaskTemplate.ContainerSpec?.Env?.includes("V=2") ? [exitedTask(service, since)] : runningTasks(service, since)));
    port.taskLogs.set(`${(await port.inspectService("s_api"))?.ID}-failed`, ["starting", "password=hunter22 rejected", "exit"]);
    const events: DeployEvent[] = [];
    const broken = withService(buildTestStack("s"), buildTestService("s", "api", { env: ["ROLE=api", "V=2"] }));
    const result = await deployStack(port, broken, options(events, { maskText: (t) => t.replaceAll("hunter22", "***") }));

    expect(result.verifications).toEqual([
      {
        service: "s_api",
        id: expect.any(String),
        outcome: "rolled-back",
        reason: "task: non-zero exit (1)",
        rollback: { state: "rollback_completed", running: 1, desired: 1 },
        logs: ["starting", "password=*** rejected", "exit"],
      },
    ]);
    const failed = events.find((e) => e.type === "service.failed");
    expect(failed?.lines).toEqual(["starting", "password=*** rejected", "exit"]);
    const types = events.map((e) => e.type);
    expect(types.slice(types.indexOf("service.failed"))).toEqual(["service.failed", "service.rollback", "service.rolled-back"]);
    expect(events.at(-1)?.message).toBe("Service s_api rolled back: rollback_completed, 1/1 tasks of the previous spec running");
  });
});
