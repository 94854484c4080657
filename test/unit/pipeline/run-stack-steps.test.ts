import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { runStackSteps, type StackStepResult } from "../../../src/pipeline/run-stack-steps.js";
import type { PlanStep } from "../../../src/plan/plan.js";

const step = (name: string, after: string[] = []): PlanStep => ({ unit: `stack/${name}`, action: "update", ...(after.length ? { after: after.map((a) => `stack/${a}`) } : {}) });

function recorder(outcomes: Record<string, string> = {}, delayMs: Record<string, number> = {}) {
  const events: string[] = [];
  let running = 0;
  let peak = 0;
  const run = async (s: PlanStep): Promise<StackStepResult> => {
    const name = s.unit.slice("stack/".length);
    running += 1;
    peak = Math.max(peak, running);
    events.push(`start ${name}`);
    await sleep(delayMs[name] ?? 20);
    events.push(`end ${name}`);
    running -= 1;
    return { namespace: name, outcome: outcomes[name] ?? "applied" };
  };
  const skip = (s: PlanStep, failed: string): StackStepResult => ({ namespace: s.unit.slice(6), outcome: "skipped", error: `after ${failed}` });
  return { run, skip, events, peak: () => peak };
}

describe("runStackSteps", () => {
  it("runs independent stacks side by side, at most `concurrency` at once", async () => {
    const r = recorder();
    const results = await runStackSteps([step("a"), step("b"), step("c"), step("d")], r.run, r.skip, 2);
    expect(results.map((x) => x.namespace)).toEqual(["a", "b", "c", "d"]);
    expect(r.peak()).toBe(2);
  });

  it("starts a dependant only after what it depends on has finished", async () => {
    const r = recorder({}, { db: 60, cache: 10 });
    await runStackSteps([step("db"), step("cache"), step("api", ["db"])], r.run, r.skip, 4);
    expect(r.events.indexOf("start api")).toBeGreaterThan(r.events.indexOf("end db"));
    expect(r.events.indexOf("start cache")).toBeLessThan(r.events.indexOf("end db"));
  });

  it("skips what depends on a failed or rolled-back stack, transitively, and runs the rest", async () => {
    const r = recorder({ db: "rolled-back" });
    const results = await runStackSteps([step("db"), step("other"), step("api", ["db"]), step("web", ["api"])], r.run, r.skip, 4);
    expect(results.map((x) => [x.namespace, x.outcome, x.error])).toEqual([
      ["db", "rolled-back", undefined],
      ["other", "applied", undefined],
      ["api", "skipped", "after stack/db"],
      ["web", "skipped", "after stack/api"],
    ]);
    expect(r.events).not.toContain("start api");
  });
});
