import { describe, expect, it } from "vitest";
import { orderStackSteps } from "../../../../src/plan/order/order-stack-steps.js";
import type { StackChange } from "../../../../src/plan/plan.js";

const change = (namespace: string, action: StackChange["action"] = "update"): StackChange => ({ stack: namespace, namespace, action, objects: [] });

describe("orderStackSteps", () => {
  it("puts a stack after the changed stacks it depends on and says so; independent ones keep their order", () => {
    const after = new Map([
      ["api", ["db"]],
      ["web", ["api"]],
    ]);
    expect(orderStackSteps([change("api"), change("db"), change("other"), change("web")], after)).toEqual([
      { unit: "stack/db", action: "update" },
      { unit: "stack/api", action: "update", after: ["stack/db"] },
      { unit: "stack/other", action: "update" },
      { unit: "stack/web", action: "update", after: ["stack/api", "stack/db"] },
    ]);
  });

  it("follows dependencies through unchanged stacks, and leaves unchanged and orphaned stacks out", () => {
    const after = new Map([
      ["web", ["api"]],
      ["api", ["db"]],
    ]);
    expect(orderStackSteps([change("api", "unchanged"), change("db", "create"), change("old", "orphaned"), change("web")], after)).toEqual([
      { unit: "stack/db", action: "create" },
      { unit: "stack/web", action: "update", after: ["stack/db"] },
    ]);
  });

  it("never loops on a cycle (the load stage refuses them): the plan order breaks it", () => {
    const after = new Map([
      ["a", ["b"]],
      ["b", ["a"]],
    ]);
    expect(orderStackSteps([change("a"), change("b")], after).map((s) => s.unit)).toEqual(["stack/a", "stack/b"]);
  });
});
