import { describe, expect, it } from "vitest";
import { SwarmError } from "../../../src/errors.js";
import { createSilentLogger } from "../../../src/logger.js";
import { deployStack } from "../../../src/pipeline/deploy-stack.js";
import type { DeployEvent, DeployOptions } from "../../../src/swarm/deploy-types.js";
import { CONTENT_HASH_LABEL, LOGICAL_NAME_LABEL } from "../../../src/engine/stack-labels.js";
import type { StackSpec } from "../../../src/engine/stack-spec.js";
import { failedTask, FakeSwarmPort, runningTasks } from "./fake-swarm-port.js";
import { buildTestService, buildTestStack, withService } from "./test-stack.js";

function options(events: DeployEvent[] = [], overrides: Partial<DeployOptions> = {}): DeployOptions {
  return {
    prune: false,
    resolveImage: "never",
    detach: false,
    compat: false,
    waitTimeoutMs: 2_000,
    monitorMs: 0,
    pollIntervalMs: 5,
    logger: createSilentLogger(),
    onEvent: (event) => events.push(event),
    ...overrides,
  };
}

/** What the fake swarm reports once a rollback is over. */
const completed = { state: "rollback_completed", running: 1, desired: 1 };

async function deployed(stack: StackSpec = buildTestStack("s")): Promise<FakeSwarmPort> {
  const port = new FakeSwarmPort();
  await deployStack(port, stack, options());
  port.calls.length = 0;
  return port;
}

describe("deployStack, first deploy", () => {
  it("creates networks, secrets, configs and services in the CLI's order, with its lines", async () => {
    const port = new FakeSwarmPort();
    const events: DeployEvent[] = [];
    const result = await deployStack(port, buildTestStack("s"), options(events));
    expect(port.calls).toEqual([
      "createNetwork s_back",
      "createSecret s_token",
      "createConfig s_conf",
      "createService s_api",
      "createService s_worker",
    ]);
    expect(events.filter((e) => e.stream === "stdout" && /^Creating/.test(e.message)).map((e) => e.message)).toEqual([
      "Creating network s_back",
      "Creating secret s_token",
      "Creating config s_conf",
      "Creating service s_api",
      "Creating service s_worker",
    ]);
    expect(result).toMatchObject({ outcome: "applied", writeCalls: { total: 5 } });
    expect(result.verifications.map((v) => v.outcome)).toEqual(["converged", "converged"]);
  });

  it("points service references at the objects' IDs and stores the network by ID", async () => {
    const port = await deployed();
    const api = await port.inspectService("s_api");
    const container = api?.Spec.TaskTemplate.ContainerSpec;
    expect(container?.Secrets?.[0]).toMatchObject({ SecretName: "s_token", SecretID: [...port.secrets.keys()][0] });
    expect(container?.Configs?.[0]).toMatchObject({ ConfigName: "s_conf", ConfigID: [...port.configs.keys()][0] });
    expect(api?.Spec.TaskTemplate.Networks?.[0]?.Target).toBe((await port.inspectNetwork("s_back"))?.Id);
  });
});

describe("deployStack, redeploy", () => {
  it("makes no write call when nothing changed", async () => {
    const port = await deployed();
    const result = await deployStack(port, buildTestStack("s"), options());
    expect(result.writeCalls.total).toBe(0);
    expect(port.calls).toEqual([]);
    expect(result.outcome).toBe("unchanged");
  });

  it("updates exactly the service whose env changed and reports the change", async () => {
    const port = await deployed();
    const stack = withService(buildTestStack("s"), buildTestService("s", "api", { env: ["ROLE=api", "FEATURE=on"] }));
    const result = await deployStack(port, stack, options());
    expect(port.calls).toEqual(["updateService s_api"]);
    expect(result.objects.find((o) => o.name === "s_api")?.changes).toEqual([
      { field: "env", key: "FEATURE", path: "env.FEATURE", op: "add", after: "on", sensitive: true },
    ]);
  });

  it("rotates a config whose content changed and removes the old one once unused", async () => {
    const port = await deployed();
    const events: DeployEvent[] = [];
    const result = await deployStack(port, buildTestStack("s", { conf: "mode=2\n" }), options(events));
    const rotated = [...port.configs.values()].map((c) => c.Spec);
    expect(rotated).toHaveLength(1);
    expect(rotated[0]?.Name).toMatch(/^s_conf-[0-9a-f]{10}$/);
    expect(rotated[0]?.Labels).toMatchObject({ [LOGICAL_NAME_LABEL]: "s_conf", [CONTENT_HASH_LABEL]: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(port.calls).toEqual([`createConfig ${rotated[0]?.Name}`, "updateService s_api", "updateService s_worker", "removeConfig s_conf"]);
    expect(events.map((e) => e.message)).toContain(`Creating config ${rotated[0]?.Name}`);
    expect(result.objects.find((o) => o.kind === "config" && o.action === "rotate")?.changes.map((c) => c.field)).toEqual(["data", "name"]);
  });

  it("keeps the old secret and removes the new version when the rotated deploy is rolled back", async () => {
    const port = await deployed();
    port.taskScripts.set("s_worker", (service, since) =>
      service.Spec.TaskTemplate.ContainerSpec?.Secrets?.[0]?.SecretName === "s_token"
        ? runningTasks(service, since)
        : [failedTask(service, since, "task: non-zero exit (1)")],
    );
    const result = await deployStack(port, buildTestStack("s", { token: "token-2" }), options([], { waitTimeoutMs: 300 }));
    expect(result.outcome).toBe("rolled-back");
    expect([...port.secrets.values()].map((s) => s.Spec.Name)).toEqual(["s_token"]);
    expect(result.objects).toContainEqual(expect.objectContaining({ kind: "secret", name: expect.stringMatching(/^s_token-/), action: "remove" }));
    expect((await port.inspectService("s_worker"))?.Spec.TaskTemplate.ContainerSpec?.Secrets?.[0]?.SecretName).toBe("s_token");
  });

  it("with compat, updates every secret, config and service like the CLI", async () => {
    const port = await deployed();
    const result = await deployStack(port, buildTestStack("s"), options([], { compat: true }));
    expect(port.calls).toEqual(["updateSecret s_token", "updateConfig s_conf", "updateService s_api", "updateService s_worker"]);
    expect(result.writeCalls.total).toBe(4);
  });

  it("with compat, fails on a secret data change with the daemon's message", async () => {
    const port = await deployed();
    const result = await deployStack(port, buildTestStack("s", { token: "token-2" }), options([], { compat: true }));
    expect(result.outcome).toBe("failed");
    expect(result.error).toEqual({
      code: "SECRET_UPDATE_FAILED",
      message: "failed to update secret s_token: rpc error: code = InvalidArgument desc = only updates to Labels are allowed",
    });
    expect(port.calls).toEqual(["updateSecret s_token"]);
  });

  it("prunes services the spec no longer has, and only services", async () => {
    const port = await deployed();
    const events: DeployEvent[] = [];
    const stack = buildTestStack("s");
    await deployStack(port, { ...stack, services: stack.services.filter((s) => s.Name === "s_api") }, options(events, { prune: true }));
    expect(port.calls).toEqual(["removeService s_worker"]);
    expect(events[0]?.message).toBe("Removing service s_worker");
  });
});

describe("deployStack failures", () => {
  it("refuses to run on a node that is not a manager", async () => {
    const port = new FakeSwarmPort();
    port.isManager = false;
    await expect(deployStack(port, buildTestStack("s"), options())).rejects.toMatchObject({ code: "NOT_A_MANAGER" });
    await expect(deployStack(port, buildTestStack("s"), options())).rejects.toBeInstanceOf(SwarmError);
  });

  it("stops before any change when an external network is missing, with the CLI's message", async () => {
    const port = new FakeSwarmPort();
    const result = await deployStack(port, { ...buildTestStack("s"), externalNetworks: ["proxy", "host"] }, options());
    expect(result.error).toEqual({
      code: "EXTERNAL_NETWORK_MISSING",
      message:
        'network "proxy" is declared as external, but could not be found. You need to create a swarm-scoped network before the stack is deployed',
    });
    expect(port.calls).toEqual([]);
  });

  it("names the service and secret when an external secret does not exist", async () => {
    const stack = buildTestStack("s");
    const result = await deployStack(new FakeSwarmPort(), { ...stack, secrets: [] }, options());
    expect(result.error?.message).toBe("service s_api: secret not found: s_token");
  });

  it("rolls back the services this run already changed when a later write is rejected", async () => {
    const port = await deployed();
    port.rejectService.set("s_worker", "rpc error: code = InvalidArgument desc = bad spec");
    const stack = buildTestStack("s");
    const changed = { ...stack, services: stack.services.map((s) => buildTestService("s", s.Name.slice(2), { env: ["NEW=1"] })) };
    const result = await deployStack(port, changed, options());
    expect(result.outcome).toBe("failed");
    expect(port.calls).toEqual(["updateService s_api", "updateService s_worker", "updateService s_api rollback"]);
    expect(result.verifications).toEqual([
      expect.objectContaining({ service: "s_api", outcome: "rolled-back", causedBy: expect.stringContaining("bad spec") }),
    ]);
  });

  it("rolls back the failed service and, with stack scope, the others changed with it", async () => {
    const port = await deployed();
    port.taskScripts.set("s_api", (service, since) =>
      service.Spec.TaskTemplate.ContainerSpec?.Image === "phoenix-test/busybox:nope"
        ? [failedTask(service, since, "No such image: phoenix-test/busybox:nope", "rejected")]
        : runningTasks(service, since),
    );
    const stack = buildTestStack("s");
    const changed = withService(
      withService(stack, buildTestService("s", "api", { image: "phoenix-test/busybox:nope" })),
      buildTestService("s", "worker", { env: ["ROLE=worker", "V=2"] }),
    );
    const result = await deployStack(port, changed, options([], { waitTimeoutMs: 300 }));
    expect(result.outcome).toBe("rolled-back");
    expect(result.verifications).toEqual(
      expect.arrayContaining([
        { service: "s_api", id: expect.any(String), outcome: "rolled-back", reason: "No such image: phoenix-test/busybox:nope", rollback: completed },
        { service: "s_worker", id: expect.any(String), outcome: "rolled-back", causedBy: "s_api", rollback: completed },
      ]),
    );
  });

  it("removes a service it created when that service fails, saying there was nothing to roll back to", async () => {
    const port = new FakeSwarmPort();
    port.taskScripts.set("s_api", (service, since) => [failedTask(service, since, "task: non-zero exit (1)")]);
    const events: DeployEvent[] = [];
    const result = await deployStack(port, buildTestStack("s"), options(events, { rollback: "service" }));
    expect(result.verifications).toEqual(
      expect.arrayContaining([
        { service: "s_api", id: expect.any(String), outcome: "removed", reason: "task: non-zero exit (1)" },
        { service: "s_worker", id: expect.any(String), outcome: "converged" },
      ]),
    );
    expect(await port.inspectService("s_api")).toBeUndefined();
    expect(events.map((e) => e.message)).toContain("Removing service s_api: it was created by this deploy, there is nothing to roll back to");
  });

  it("with detach, neither waits nor rolls back", async () => {
    const port = new FakeSwarmPort();
    port.taskScripts.set("s_api", (service, since) => [failedTask(service, since, "task: non-zero exit (1)")]);
    const result = await deployStack(port, buildTestStack("s"), options([], { detach: true }));
    expect(result).toMatchObject({ outcome: "applied", verifications: [] });
    expect(await port.inspectService("s_api")).toBeDefined();
  });
});
