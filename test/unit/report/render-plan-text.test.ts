import { describe, expect, it } from "vitest";
import { renderPlanText } from "../../../src/report/render-plan-text.js";
import { PLAN_SCENARIOS } from "./plan-scenarios.js";

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

describe("renderPlanText", () => {
  it.each(PLAN_SCENARIOS)("colours $name only when asked, with the same text", ({ plan, options }) => {
    const plain = renderPlanText(plan, { ...options, color: false });
    const colored = renderPlanText(plan, { ...options, color: true });
    expect(plain).not.toMatch(ANSI);
    expect(colored).toMatch(ANSI);
    expect(colored.replace(ANSI, "")).toBe(plain);
  });

  it("colours a diff's added lines green and removed lines red", () => {
    const infra = PLAN_SCENARIOS.find((s) => s.name === "infra-diff-only");
    if (!infra) throw new Error("no infra scenario");
    const colored = renderPlanText(infra.plan, { color: true });
    expect(colored).toContain("\u001b[32m+address=/swarm-worker.internal.example.test/10.10.0.113\u001b[39m");
    expect(colored).toContain("\u001b[31m-address=/swarm-worker.internal.example.test/10.10.0.112\u001b[39m");
  });
});
