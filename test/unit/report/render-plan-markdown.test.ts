import { describe, expect, it } from "vitest";
import type { Plan } from "../../../src/plan/plan.js";
import { PLAN_COMMENT_MARKER, renderPlanMarkdown } from "../../../src/report/render-plan-markdown.js";
import { buildPlan, change, fileChange, object, stack, withInfra, withStacks } from "./plan-builders.js";
import { PLAN_SCENARIOS } from "./plan-scenarios.js";

function scenario(name: string): Plan {
  const found = PLAN_SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found.plan;
}

/** The comment is still well-formed Markdown: every block it opened is closed. */
function expectBalanced(markdown: string): void {
  expect(markdown.split("<details>").length).toBe(markdown.split("</details>").length);
  const fences = markdown.split("\n").filter((line) => /^`{3,}/.test(line));
  expect(fences.length % 2).toBe(0);
}

const bigDiff = fileChange("firewall", "/etc/pve/firewall/1001.fw", "", Array.from({ length: 400 }, (_, i) => `IN ACCEPT -p tcp -dport ${1000 + i}\n`).join(""));
const smallStack = stack("web_app", "update", [object("service", "web_app_web", "update", [change("image", "web:1", "web:2")])]);

describe("renderPlanMarkdown", () => {
  it("starts with the marker that finds the sticky comment, or the one it is given", () => {
    expect(renderPlanMarkdown(scenario("change-image")).split("\n")[0]).toBe(PLAN_COMMENT_MARKER);
    expect(renderPlanMarkdown(scenario("change-image"), { commentMarker: "<!-- phoenix:plan:staging -->" }).split("\n")[0]).toBe("<!-- phoenix:plan:staging -->");
  });

  it("says in one line that nothing changes, without tables", () => {
    const text = renderPlanMarkdown(scenario("reorder-json-keys"));
    expect(text).toContain("**No changes:** the 3 stacks and 7 infrastructure files Phoenix manages already match the config.");
    expect(text).not.toContain("| Stack |");
  });

  it("stays under the limit for any limit, and never leaves a block open", () => {
    const huge = scenario("huge-plan");
    for (const maxLength of [1_500, 4_000, 9_000, 20_000, 40_000, 65_000]) {
      const text = renderPlanMarkdown(huge, { maxLength, fullPlanUrl: "https://ci.example.test/plan/7" });
      expect(text.length).toBeLessThanOrEqual(maxLength);
      expectBalanced(text);
      expect(text).toContain("**Left out to stay under GitHub's comment limit:**");
      expect(text).toContain("[Read the full plan](<https://ci.example.test/plan/7>)");
    }
  });

  it("drops the largest details first and names what it left out", () => {
    const plan = buildPlan({ stacks: withStacks(smallStack), infra: withInfra(bigDiff) });
    const full = renderPlanMarkdown(plan, { maxLength: 1_000_000 });
    const text = renderPlanMarkdown(plan, { maxLength: full.length - 100 });
    expect(text).toContain("<summary><code>web_app</code> · update");
    expect(text).not.toContain("```diff");
    expect(text).toContain("the details of firewall `/etc/pve/firewall/1001.fw`. Run `phoenix plan` for the full plan.");
    expect(full).not.toContain("Left out");
  });

  it("cuts table rows when even the summary is too long, and counts them", () => {
    const stacks = Array.from({ length: 3_000 }, (_, i) => stack(`s${i}`, "create"));
    const text = renderPlanMarkdown(buildPlan({ stacks }), { maxLength: 20_000 });
    expect(text.length).toBeLessThanOrEqual(20_000);
    expect(text).toMatch(/\| … \| \| \d+ more stacks \|/);
    expect(text).toContain("the last rows of the lists");
    expectBalanced(text);
  });

  it("keeps fences, code spans and table cells intact whatever they contain", () => {
    const tricky = stack("web_app", "update", [object("service", "web_app_web", "update", [change("command", "echo `a`", "echo ``b`` | wc")])]);
    // The context line " ```" would close a three-backtick fence.
    const diff = fileChange("nginx", "/etc/nginx/sites-available/gateway", "```\na\n", "```\nb\n");
    const text = renderPlanMarkdown(buildPlan({ stacks: withStacks(tricky), infra: withInfra(diff) }));
    expect(text).toContain("- `command`: `` echo `a` `` → ```echo ``b`` | wc```");
    expect(text).toContain("````diff\n");
    expectBalanced(text);
  });

  it("escapes a pipe inside a table cell", () => {
    const text = renderPlanMarkdown(buildPlan({ stacks: withStacks(stack("a|b", "create")) }));
    expect(text).toContain("| `a\\|b` | create |");
  });
});
