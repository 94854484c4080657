import { describe, expect, it } from "vitest";
import { maskPlan, readVariableName } from "../../../src/report/mask-plan.js";
import { renderPlanJson } from "../../../src/report/render-plan-json.js";
import { renderPlanMarkdown } from "../../../src/report/render-plan-markdown.js";
import { renderPlanText } from "../../../src/report/render-plan-text.js";
import { buildPlan, change, object, stack, withStacks } from "./plan-builders.js";
import { PLAN_SCENARIOS, SECRET_VALUES } from "./plan-scenarios.js";

const secret = PLAN_SCENARIOS.find((s) => s.name === "change-env-secret");
if (!secret) throw new Error("no secret scenario");

describe("secret masking", () => {
  const renderings = (patterns: readonly string[] | undefined) => {
    const options = patterns === undefined ? {} : { secretPatterns: patterns };
    return {
      markdown: renderPlanMarkdown(secret.plan, options),
      text: renderPlanText(secret.plan, { ...options, color: true }),
      json: renderPlanJson(secret.plan, options),
    };
  };

  it.each(Object.entries(renderings(["*_DSN"])))("leaves every secret value out of the %s", (_, output) => {
    for (const value of SECRET_VALUES) expect(output).not.toContain(value);
    expect(output).toContain("staging");
  });

  it("masks a variable the planner did not flag only when a pattern covers its name", () => {
    const { markdown } = renderings(undefined);
    expect(markdown).toContain(SECRET_VALUES[3]);
    expect(markdown).not.toContain(SECRET_VALUES[2]);
  });

  it("flags the masked fields and drops their values", () => {
    const plan = buildPlan({ stacks: withStacks(stack("a", "update", [object("service", "a_web", "update", [change('env["db.password"]', "x", "y"), change("labels.password", "p", "q")])])) });
    const fields = maskPlan(plan).stacks.find((s) => s.stack === "a")?.objects[0]?.fields;
    expect(fields).toEqual([
      { path: 'env["db.password"]', op: "change", sensitive: true },
      { path: "labels.password", op: "change", before: "p", after: "q" },
    ]);
  });

  it.each([
    ["env.FOO", "FOO"],
    ["environment.FOO_BAR", "FOO_BAR"],
    ['env["a.b"]', "a.b"],
    ["image", undefined],
    ["env", undefined],
    ["deploy.env.FOO", undefined],
  ])("reads the variable name of %s", (path, name) => {
    expect(readVariableName(path)).toBe(name);
  });
});
