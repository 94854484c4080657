import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PlanJsonDocument } from "../../../src/report/plan-json-document.js";
import { renderPlanJson } from "../../../src/report/render-plan-json.js";
import { renderPlanMarkdown } from "../../../src/report/render-plan-markdown.js";
import { renderPlanText } from "../../../src/report/render-plan-text.js";
import { expectGoldenDirectory } from "../../helpers/expect-golden-directory.js";
import { PLAN_SCENARIOS } from "./plan-scenarios.js";

const goldenRoot = path.resolve(fileURLToPath(import.meta.url), "../../../golden/plan-renderers");

/**
 * Renderer goldens: each hand-built plan's three renderings (truncation, masking, layout), pinned byte
 * for byte; `npx vitest -u` rewrites them. The plans runPlan computes from real commits are pinned in
 * test/golden/plans by test/integration/pipeline/plan-scenarios.test.ts.
 */
describe.each(PLAN_SCENARIOS)("golden plan $name", ({ name, plan, options = {} }) => {
  it("renders the files under test/golden/plan-renderers", async () => {
    const rendered: Record<string, string> = {
      "comment.md": renderPlanMarkdown(plan, options),
      "plan.txt": renderPlanText(plan, { ...options, color: false }),
      "plan.json": renderPlanJson(plan, options),
    };
    await expectGoldenDirectory(path.join(goldenRoot, name), rendered);
  });

  it("writes JSON that the documented schema accepts", () => {
    expect(PlanJsonDocument.safeParse(JSON.parse(renderPlanJson(plan, options))).error).toBeUndefined();
  });
});
