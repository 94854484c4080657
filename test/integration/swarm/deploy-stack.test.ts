import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCountingSwarmPort, type CountingSwarmPort } from "../../../src/swarm/counting-swarm-port.js";
import { deployStack } from "../../../src/pipeline/deploy-stack.js";
import type { DeployEvent } from "../../../src/swarm/deploy-types.js";
import { removeStack } from "../../../src/swarm/remove-stack.js";
import { CONTENT_HASH_LABEL, LOGICAL_NAME_LABEL } from "../../../src/engine/stack-labels.js";
import { createSilentLogger } from "../../../src/logger.js";
import {
  buildTestService,
  buildTestStack,
  createTestSwarmPort,
  removeTestStack,
  testDeployOptions,
  uniqueStackName,
  withService,
} from "./deploy-test-support.js";

/**
 * One stack through its life on the real swarm. The steps build on each
 * other (vitest runs them in order): create, redeploy unchanged, change one
 * service, rotate a config and a secret, remove.
 */
describe("deployStack on the real swarm", () => {
  const stack = uniqueStackName("dep");
  let port: CountingSwarmPort;

  beforeAll(async () => {
    port = createCountingSwarmPort(await createTestSwarmPort());
  });

  afterAll(async () => {
    await removeTestStack(port, stack);
  });

  it("creates the network, secret, config and both services, and waits until they run", async () => {
    const events: DeployEvent[] = [];
    const result = await deployStack(port, buildTestStack(stack), testDeployOptions(events));

    expect(result.outcome).toBe("applied");
    expect(result.writeCalls.total).toBe(5);
    expect(events.filter((e) => e.message.startsWith("Creating")).map((e) => e.message)).toEqual([
      `Creating network ${stack}_back`,
      `Creating secret ${stack}_token`,
      `Creating config ${stack}_conf`,
      `Creating service ${stack}_api`,
      `Creating service ${stack}_worker`,
    ]);
    expect(result.verifications.map((v) => `${v.service} ${v.outcome}`)).toEqual([`${stack}_api converged`, `${stack}_worker converged`]);
    const running = await port.listTasks({ stack, upToDate: true });
    expect(running.filter((t) => t.Status.State === "running")).toHaveLength(2);
  });

  it("makes zero write calls when the same stack is deployed again", async () => {
    const before = port.writeCalls.total;
    const result = await deployStack(port, buildTestStack(stack), testDeployOptions());
    expect(port.writeCalls.total - before).toBe(0);
    expect(result).toMatchObject({ outcome: "unchanged", writeCalls: { total: 0 } });
  });

  it("updates exactly the service whose env changed", async () => {
    const versionsBefore = new Map((await port.listStackServices(stack)).map((s) => [s.Spec.Name, s.Version.Index]));
    const changed = withService(buildTestStack(stack), buildTestService(stack, "api", { env: ["ROLE=api", "FEATURE=on"] }));
    const result = await deployStack(port, changed, testDeployOptions());

    expect(result.writeCalls.byMethod.updateService).toBe(1);
    expect(result.writeCalls.total).toBe(1);
    expect(result.objects.find((o) => o.name === `${stack}_api`)).toMatchObject({
      action: "update",
      changes: [{ path: "env.FEATURE", op: "add", after: "on", sensitive: true }],
    });
    const after = await port.listStackServices(stack);
    expect(after.find((s) => s.Spec.Name === `${stack}_worker`)?.Version.Index).toBe(versionsBefore.get(`${stack}_worker`));
    expect(after.find((s) => s.Spec.Name === `${stack}_api`)?.Spec.TaskTemplate.ContainerSpec?.Env).toContain("FEATURE=on");
    expect(result.verifications).toEqual([expect.objectContaining({ service: `${stack}_api`, outcome: "converged" })]);
  });

  it("with --resolve-image always and no reachable registry, keeps the tagged image and warns on update only", async () => {
    const desired = withService(
      withService(buildTestStack(stack), buildTestService(stack, "api", { env: ["ROLE=api", "FEATURE=on"] })),
      buildTestService(stack, "worker", { env: ["ROLE=worker", "FEATURE=on"] }),
    );
    const result = await deployStack(port, desired, testDeployOptions([], { resolveImage: "always" }));

    expect(result.writeCalls).toMatchObject({ total: 1, byMethod: { updateService: 1 } });
    expect(result.warnings).toEqual([
      "image phoenix-test/busybox:1 could not be accessed on a registry to record\n" +
        "its digest. Each node will access phoenix-test/busybox:1 independently,\n" +
        "possibly leading to different nodes running different\n" +
        "versions of the image.",
    ]);
    const worker = await port.inspectService(`${stack}_worker`);
    expect(worker?.Spec.TaskTemplate.ContainerSpec?.Image).toBe("phoenix-test/busybox:1");
  });

  it("rotates a config whose content changed, points both services at it and removes the old one", async () => {
    const desired = withService(buildTestStack(stack, { conf: "mode=2\n" }), buildTestService(stack, "api", { env: ["ROLE=api", "FEATURE=on"] }));
    const result = await deployStack(port, desired, testDeployOptions());

    expect(result.outcome).toBe("applied");
    expect(result.writeCalls.byMethod).toMatchObject({ createConfig: 1, updateService: 2, removeConfig: 1, updateConfig: 0 });
    const { configs, services } = await port.listStackObjects(stack);
    expect(configs).toHaveLength(1);
    const current = configs[0];
    expect(current?.Spec.Name).toMatch(new RegExp(`^${stack}_conf-[0-9a-f]{10}$`));
    expect(current?.Spec.Labels).toMatchObject({ [LOGICAL_NAME_LABEL]: `${stack}_conf`, [CONTENT_HASH_LABEL]: expect.any(String) });
    expect(Buffer.from(current?.Spec.Data ?? "", "base64").toString()).toBe("mode=2\n");
    for (const service of services) {
      expect(service.Spec.TaskTemplate.ContainerSpec?.Configs).toEqual([
        expect.objectContaining({ ConfigName: current?.Spec.Name, ConfigID: current?.ID, File: expect.objectContaining({ Name: "/etc/app.conf" }) }),
      ]);
    }
    expect(await port.inspectConfig(`${stack}_conf`)).toBeUndefined();
  });

  it("rotates a secret the same way, and the next identical deploy is free again", async () => {
    const desired = withService(
      buildTestStack(stack, { conf: "mode=2\n", token: "token-2" }),
      buildTestService(stack, "api", { env: ["ROLE=api", "FEATURE=on"] }),
    );
    const rotated = await deployStack(port, desired, testDeployOptions());
    expect(rotated.writeCalls.byMethod).toMatchObject({ createSecret: 1, updateService: 2, removeSecret: 1 });
    const secrets = (await port.listStackObjects(stack)).secrets;
    expect(secrets.map((s) => s.Spec.Name)).toEqual([expect.stringMatching(new RegExp(`^${stack}_token-[0-9a-f]{10}$`))]);

    const again = await deployStack(port, desired, testDeployOptions());
    expect(again.writeCalls.total).toBe(0);
  });

  it("removes the stack without leaving anything behind", async () => {
    const events: DeployEvent[] = [];
    const result = await removeStack(port, stack, { logger: createSilentLogger(), onEvent: (e) => events.push(e) });

    expect(result.failures).toEqual([]);
    expect(events.map((e) => e.message)).toEqual([
      `Removing service ${stack}_api`,
      `Removing service ${stack}_worker`,
      expect.stringMatching(new RegExp(`^Removing secret ${stack}_token-`)),
      expect.stringMatching(new RegExp(`^Removing config ${stack}_conf-`)),
      `Removing network ${stack}_back`,
    ]);
    expect(await port.listStackObjects(stack)).toEqual({ services: [], networks: [], secrets: [], configs: [] });
    expect(await port.listTasks({ stack })).toEqual([]);
  });
});
