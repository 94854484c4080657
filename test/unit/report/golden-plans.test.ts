import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PlanJsonDocument } from "../../../src/report/plan-json-document.js";
import { renderPlanJson } from "../../../src/report/render-plan-json.js";
import { renderPlanMarkdown } from "../../../src/report/render-plan-markdown.js";
import { renderPlanText } from "../../../src/report/render-plan-text.js";
import { PLAN_SCENARIOS } from "./plan-scenarios.js";

const goldenRoot = path.resolve(fileURLToPath(import.meta.url), "../../../golden/plan-renderers");
const update = process.env.UPDATE_GOLDEN === "1";

/**
 * Renderer goldens: each hand-built plan's three renderings (truncation, masking, layout), pinned byte
 * for byte; UPDATE_GOLDEN=1 rewrites them. The plans runPlan computes from real commits are pinned in
 * test/golden/plans by test/integration/pipeline/plan-scenarios.test.ts.
 */
describe.each(PLAN_SCENARIOS)("golden plan $name", ({ name, plan, options = {} }) => {
  it("renders the files under test/golden/plan-renderers", async () => {
    const rendered: Record<string, string> = {
      "comment.md": renderPlanMarkdown(plan, options),
      "plan.txt": renderPlanText(plan, { ...options, color: false }),
      "plan.json": renderPlanJson(plan, options),
    };
    const dir = path.join(goldenRoot, name);
    if (update) {
      await mkdir(dir, { recursive: true });
      for (const [file, text] of Object.entries(rendered)) await writeFile(path.join(dir, file), text);
    }
    expect((await readdir(dir)).sort()).toEqual(Object.keys(rendered).sort());
    for (const [file, text] of Object.entries(rendered)) expect({ file, text }).toEqual({ file, text: await readFile(path.join(dir, file), "utf8") });
  });

  it("writes JSON that the documented schema accepts", () => {
    expect(PlanJsonDocument.safeParse(JSON.parse(renderPlanJson(plan, options))).error).toBeUndefined();
  });
});
