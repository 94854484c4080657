import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployStack } from "../../../src/pipeline/deploy-stack.js";
import type { DeployEvent } from "../../../src/swarm/deploy-types.js";
import type { SwarmPort } from "../../../src/swarm/swarm-port.js";
import {
  buildTestService,
  buildTestStack,
  createTestSwarmPort,
  removeTestStack,
  TEST_IMAGE,
  testDeployOptions,
  uniqueStackName,
  withService,
} from "./deploy-test-support.js";

/** Broken changes are rolled back by Phoenix itself, with the reason taken from the task status. */
describe("automatic rollback on the real swarm", () => {
  const stack = uniqueStackName("rb");
  let port: SwarmPort;

  beforeAll(async () => {
    port = await createTestSwarmPort();
    const first = await deployStack(port, buildTestStack(stack), testDeployOptions());
    expect(first.outcome).toBe("applied");
  });

  afterAll(async () => {
    await removeTestStack(port, stack);
  });

  async function expectRunning(service: string, image: string): Promise<void> {
    const live = await port.inspectService(`${stack}_${service}`);
    expect(live?.Spec.TaskTemplate.ContainerSpec?.Image).toBe(image);
    const tasks = await port.listTasks({ service: `${stack}_${service}`, upToDate: true });
    // A task of the restored spec that the failed update told to stop may still be stopping.
    expect(tasks.filter((t) => t.DesiredState === "running" && t.Status.State === "running")).toHaveLength(1);
  }

  it("rolls back an image that does not exist and says so", async () => {
    const events: DeployEvent[] = [];
    const broken = withService(buildTestStack(stack), buildTestService(stack, "api", { image: "phoenix-test/busybox:nope" }));
    const result = await deployStack(port, broken, testDeployOptions(events));

    expect(result.outcome, JSON.stringify(result.verifications)).toBe("rolled-back");
    expect(result.verifications).toEqual([
      {
        service: `${stack}_api`,
        id: expect.any(String),
        outcome: "rolled-back",
        reason: "No such image: phoenix-test/busybox:nope",
        // Reported once the swarm said the rollback was over, not when it was asked for.
        // `rollback_paused` when the swarm saw a task of the failed spec end after the restore.
        rollback: { state: expect.stringMatching(/^rollback_(completed|paused)$/), running: 1, desired: 1 },
      },
    ]);
    expect(events.filter((e) => e.stream === "stderr").map((e) => e.message)).toEqual([
      `Service ${stack}_api failed: No such image: phoenix-test/busybox:nope`,
      expect.stringMatching(new RegExp(`^Rolling back service ${stack}_api \\(id: `)),
    ]);
    await expectRunning("api", TEST_IMAGE);
  });

  it("rolls back a command that exits non-zero, quoting what the task printed", async () => {
    const command = ["sh", "-c", "echo starting; echo cannot open /data/db >&2; exit 1"];
    const broken = withService(buildTestStack(stack), buildTestService(stack, "worker", { command }));
    const events: DeployEvent[] = [];
    const result = await deployStack(port, broken, testDeployOptions(events));

    expect(result.outcome).toBe("rolled-back");
    // The engine copies a container's stdout and stderr in two goroutines and
    // stamps each line when its copier reads it, so the order of lines across
    // the two streams is not defined (`docker service logs` shows either).
    const printed = ["starting", "cannot open /data/db"];
    expect(result.verifications).toEqual([
      expect.objectContaining({ service: `${stack}_worker`, outcome: "rolled-back", reason: "task: non-zero exit (1)", logs: expect.arrayContaining(printed) }),
    ]);
    expect(result.verifications[0]?.logs).toHaveLength(2);
    const failed = events.find((e) => e.type === "service.failed")?.lines;
    expect([...(failed ?? [])].sort()).toEqual([...printed].sort());
    expect(events.at(-1)?.message).toMatch(new RegExp(`^Service ${stack}_worker rolled back: rollback_(completed|paused), 1/1 tasks of the previous spec running$`));
    const live = await port.inspectService(`${stack}_worker`);
    expect(live?.Spec.TaskTemplate.ContainerSpec?.Args).toEqual(["sleep", "3600"]);
    await expectRunning("worker", TEST_IMAGE);
  });

  it("rolls back a service whose health check fails, quoting the probe", async () => {
    // A generous timeout: on a loaded machine an exec can take over a second to start, and a probe killed by its timeout reports 137, not its own output.
    const healthcheck = { Test: ["CMD-SHELL", "echo not ready; exit 1"], Interval: 500_000_000, Timeout: 10_000_000_000, Retries: 2 };
    const broken = withService(buildTestStack(stack), buildTestService(stack, "api", { healthcheck }));
    const result = await deployStack(port, broken, testDeployOptions());

    expect(result.outcome).toBe("rolled-back");
    const [verification] = result.verifications;
    expect(verification).toMatchObject({ service: `${stack}_api`, outcome: "rolled-back" });
    expect(verification?.reason).toMatch(/^healthcheck failed after \d+ consecutive failures: exit 1: not ready$/);
    expect((await port.inspectService(`${stack}_api`))?.Spec.TaskTemplate.ContainerSpec?.Healthcheck).toBeUndefined();
  });

  it("rolls back every service the deploy changed when one of them fails", async () => {
    const desired = withService(
      withService(buildTestStack(stack), buildTestService(stack, "api", { image: "phoenix-test/busybox:nope" })),
      buildTestService(stack, "worker", { env: ["ROLE=worker", "RELEASE=2"] }),
    );
    const result = await deployStack(port, desired, testDeployOptions());

    expect(result.outcome).toBe("rolled-back");
    expect(result.verifications).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: `${stack}_api`, outcome: "rolled-back", reason: "No such image: phoenix-test/busybox:nope" }),
        expect.objectContaining({ service: `${stack}_worker`, outcome: "rolled-back", causedBy: `${stack}_api` }),
      ]),
    );
    expect((await port.inspectService(`${stack}_worker`))?.Spec.TaskTemplate.ContainerSpec?.Env).toEqual(["ROLE=worker"]);
  });

  it("removes a new service that fails, since there is nothing to roll back to", async () => {
    const stackSpec = buildTestStack(stack);
    const added = { ...stackSpec, services: [...stackSpec.services, buildTestService(stack, "extra", { command: ["sh", "-c", "exit 3"] })] };
    const events: DeployEvent[] = [];
    const result = await deployStack(port, added, testDeployOptions(events));

    expect(result.verifications).toEqual([
      expect.objectContaining({ service: `${stack}_extra`, outcome: "removed", reason: "task: non-zero exit (3)" }),
    ]);
    expect(events.map((e) => e.message)).toContain(
      `Removing service ${stack}_extra: it was created by this deploy, there is nothing to roll back to`,
    );
    expect(await port.inspectService(`${stack}_extra`)).toBeUndefined();
  });

  it("leaves the stack deployable: the original spec is a no-op afterwards", async () => {
    const result = await deployStack(port, buildTestStack(stack), testDeployOptions());
    expect(result).toMatchObject({ outcome: "unchanged", writeCalls: { total: 0 } });
  });
});
