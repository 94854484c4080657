import { describe, expect, it } from "vitest";
import { planStackObjects } from "../../../src/plan/spec-diff/plan-stack-objects.js";
import { planStackChanges } from "../../../src/plan/plan-stack-changes.js";
import { hasChanges, hasFindings } from "../../../src/plan/plan.js";
import { renderPlanText } from "../../../src/report/render-plan-text.js";
import { renderPlanMarkdown } from "../../../src/report/render-plan-markdown.js";
import { renderPlanJson } from "../../../src/report/render-plan-json.js";
import { PlanJsonDocument } from "../../../src/report/plan-json-document.js";
import { buildTestService, buildTestStack } from "../swarm/test-stack.js";
import { buildPlan } from "../report/plan-builders.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";
import { deployStack } from "../../../src/pipeline/deploy-stack.js";
import { createSilentLogger } from "../../../src/logger.js";

/** The stack `s` as deployed, plus a service `s_old` that its compose file no longer has. */
async function liveWithDeletedService() {
  const spec = buildTestStack("s");
  const port = new FakeSwarmPort();
  await deployStack(port, spec, { prune: true, resolveImage: "never", detach: true, compat: false, waitTimeoutMs: 1_000, logger: createSilentLogger() });
  const deployed = await port.listStackObjects("s");
  const live = { ...deployed, services: [...deployed.services, { ID: "old", Version: { Index: 1 }, Spec: buildTestService("s", "old") }] };
  return { spec, live };
}

describe("a service deleted from the compose file with prune off", () => {
  it("is planned as kept, not hidden; with prune on it is removed", async () => {
    const { spec, live } = await liveWithDeletedService();
    expect(planStackObjects(spec, live, { prune: false }).filter((c) => c.name === "s_old")).toEqual([{ kind: "service", name: "s_old", action: "kept", fields: [] }]);
    expect(planStackObjects(spec, live, { prune: true }).filter((c) => c.name === "s_old")).toEqual([{ kind: "service", name: "s_old", action: "remove", fields: [] }]);
  });

  it("leaves its stack unchanged (a sync writes nothing) yet makes the plan show it", async () => {
    const { spec, live } = await liveWithDeletedService();
    const [change] = planStackChanges([{ stack: "s", namespace: "s", spec, live }], [], { prune: false });
    expect(change?.action).toBe("unchanged");
    const plan = buildPlan({ stacks: change ? [change] : [], infra: [], steps: [], warnings: [] });
    expect(hasChanges(plan)).toBe(false);
    expect(hasFindings(plan)).toBe(true);
  });

  it("shows as left running: prune is off in text, Markdown and JSON", async () => {
    const { spec, live } = await liveWithDeletedService();
    const stacks = planStackChanges([{ stack: "s", namespace: "s", spec, live }], [], { prune: false });
    const plan = buildPlan({ stacks, infra: [], steps: [], warnings: [] });

    const text = renderPlanText(plan, { color: false });
    expect(text).toContain("  = s unchanged: 1 service left running: prune is off\n      ! service s_old left running: prune is off\n");
    expect(text).toContain("Plan: 1 service left running: prune is off · 1 stack unchanged");

    const markdown = renderPlanMarkdown(plan);
    expect(markdown).toContain("| `s` | unchanged | 1 service left running: prune is off |");
    expect(markdown).toContain("**service** `s_old`: left running: prune is off");

    const json = JSON.parse(renderPlanJson(plan)) as unknown;
    expect(PlanJsonDocument.safeParse(json).success).toBe(true);
    expect((json as { stacks: { objects: { name: string; action: string }[] }[] }).stacks[0]?.objects.find((o) => o.name === "s_old")?.action).toBe("kept");
  });
});
