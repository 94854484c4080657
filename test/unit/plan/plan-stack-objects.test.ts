import { describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { planStackObjects } from "../../../src/plan/spec-diff/plan-stack-objects.js";
import { deployStack } from "../../../src/pipeline/deploy-stack.js";
import type { DeployOptions } from "../../../src/swarm/deploy-types.js";
import type { StackSpec } from "../../../src/engine/stack-spec.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";
import { buildTestService, buildTestStack, withService } from "../swarm/test-stack.js";

const options: DeployOptions = {
  prune: true,
  resolveImage: "never",
  detach: true,
  compat: false,
  waitTimeoutMs: 1_000,
  logger: createSilentLogger(),
};

/** The plan computed before a deploy must name what the deploy then does. */
async function planThenDeploy(port: FakeSwarmPort, spec: StackSpec) {
  const plan = planStackObjects(spec, await port.listStackObjects(spec.name), { prune: true });
  const result = await deployStack(port, spec, options);
  return { plan, result };
}

describe("planStackObjects", () => {
  it("plans a first deploy as creates", async () => {
    const { plan } = await planThenDeploy(new FakeSwarmPort(), buildTestStack("s"));
    expect(plan.map((c) => `${c.kind} ${c.name} ${c.action}`)).toEqual([
      "network s_back create",
      "secret s_token create",
      "config s_conf create",
      "service s_api create",
      "service s_worker create",
    ]);
  });

  it("agrees with deployStack on what an unchanged, an edited and a rotating deploy do", async () => {
    const port = new FakeSwarmPort();
    await deployStack(port, buildTestStack("s"), options);

    const unchanged = await planThenDeploy(port, buildTestStack("s"));
    expect(unchanged.plan.every((c) => c.action === "unchanged")).toBe(true);
    expect(unchanged.result.writeCalls.total).toBe(0);

    const edited = await planThenDeploy(port, withService(buildTestStack("s"), buildTestService("s", "api", { image: "phoenix-test/busybox:2" })));
    expect(edited.plan.filter((c) => c.action !== "unchanged").map((c) => [c.name, c.fields.map((f) => `${f.path}: ${f.before} → ${f.after}`)])).toEqual([
      ["s_api", ["image: phoenix-test/busybox:1 → phoenix-test/busybox:2"]],
    ]);
    expect(edited.result.objects.filter((o) => o.action !== "unchanged").map((o) => o.name)).toEqual(["s_api"]);

    const rotating = await planThenDeploy(port, withService(buildTestStack("s", { token: "token-2" }), buildTestService("s", "api", { image: "phoenix-test/busybox:2" })));
    const rotated = rotating.plan.find((c) => c.kind === "secret");
    expect(rotated?.name).toMatch(/^s_token-[0-9a-f]{10}$/);
    expect(rotating.plan.find((c) => c.name === "s_worker")?.fields).toEqual([
      { field: "secrets", key: "token", path: "secrets.token", op: "change", before: "s_token", after: rotated?.name },
    ]);
    expect(rotating.result.objects.filter((o) => o.action !== "unchanged").map((o) => `${o.kind} ${o.name}`)).toEqual([
      `secret ${rotated?.name}`,
      "service s_api",
      "service s_worker",
    ]);
  });

  it("plans pruning of services the spec no longer has", () => {
    const stack = buildTestStack("s");
    const live = { services: [{ ID: "x", Version: { Index: 1 }, Spec: buildTestService("s", "old") }], networks: [], secrets: [], configs: [] };
    expect(planStackObjects(stack, live, { prune: true }).filter((c) => c.action === "remove")).toEqual([
      { kind: "service", name: "s_old", action: "remove", fields: [] },
    ]);
  });
});
