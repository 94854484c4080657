import { describe, expect, it } from "vitest";
import { countDiffLines, describeStackObjects, formatFieldChange, formatValue, MAX_VALUE_LENGTH, summarizePlan } from "../../../src/report/describe-plan.js";
import { added, buildPlan, change, object, removed, stack, withStacks } from "./plan-builders.js";

describe("plan wording", () => {
  it("summarizes stacks by action, then files, then what is unchanged", () => {
    const plan = buildPlan({
      stacks: withStacks(stack("a", "create"), stack("b", "create"), stack("c", "remove"), stack("d", "orphaned")),
    });
    expect(summarizePlan(plan)).toBe("2 stacks to create, 1 to remove, 1 orphaned and kept · 3 stacks unchanged");
    expect(summarizePlan(buildPlan({ stacks: [], infra: [] }))).toBe("no changes");
  });

  it("describes a stack's objects by kind and action", () => {
    const s = stack("a", "update", [object("service", "a_1", "update"), object("service", "a_2", "update"), object("config", "a_c", "create"), object("network", "a_n", "unchanged")]);
    expect(describeStackObjects(s)).toBe("2 services to update, 1 config to create");
  });

  it.each([
    [change("image", "a:1", "a:2"), "image: a:1 → a:2"],
    [added("env.FOO", "bar"), "env.FOO: added bar"],
    [removed("env.FOO", "bar"), "env.FOO: removed (was bar)"],
    [change("env.TOKEN", "x", "y", true), "env.TOKEN: changed (sensitive)"],
  ])("formats %j", (field, text) => {
    expect(formatFieldChange(field)).toBe(text);
  });

  it("keeps a value on one line and cuts a long one, saying how much is left out", () => {
    expect(formatValue("a\nb")).toBe("a\\nb");
    const long = "x".repeat(MAX_VALUE_LENGTH + 42);
    expect(formatValue(long)).toBe(`${"x".repeat(MAX_VALUE_LENGTH)}… (42 more characters)`);
  });

  it("counts a unified diff's lines without its headers", () => {
    expect(countDiffLines("--- a\n+++ b\n@@ -1,2 +1,2 @@\n-x\n+y\n+z\n ctx\n")).toEqual({ added: 2, removed: 1 });
  });
});
