import type { PlanStep } from "../plan/plan.js";

export interface StackStepResult {
  readonly namespace: string;
  readonly outcome: string;
  readonly error?: string;
}

/** Outcomes after which a dependant must not deploy: what it depends on is not as the config says. */
const FAILED = new Set(["failed", "rolled-back", "skipped"]);

/**
 * Runs the stack steps of a plan: each as soon as every step in its `after`
 * finished well, at most `concurrency` at a time; a step whose dependency
 * failed is skipped with a result that names it. Results come back in step
 * order, whatever order they finished in.
 */
export async function runStackSteps<R extends StackStepResult>(
  steps: readonly PlanStep[],
  run: (step: PlanStep) => Promise<R | undefined>,
  skip: (step: PlanStep, failed: string) => R,
  concurrency: number,
): Promise<R[]> {
  const results = new Map<string, R | undefined>();
  const running = new Map<string, Promise<void>>();
  const pending = [...steps];
  const inBatch = new Set(steps.map((s) => s.unit));
  while (pending.length > 0 || running.size > 0) {
    let started = false;
    for (const step of [...pending]) {
      if (running.size >= concurrency) break;
      const waits = (step.after ?? []).filter((unit) => inBatch.has(unit));
      const failed = waits.find((unit) => FAILED.has(results.get(unit)?.outcome ?? ""));
      if (failed === undefined && !waits.every((unit) => results.has(unit))) continue;
      pending.splice(pending.indexOf(step), 1);
      started = true;
      if (failed !== undefined) {
        results.set(step.unit, skip(step, failed));
        continue;
      }
      running.set(
        step.unit,
        run(step).then((result) => {
          results.set(step.unit, result);
          running.delete(step.unit);
        }),
      );
    }
    if (running.size > 0) await Promise.race(running.values());
    else if (!started && pending.length > 0) {
      // Only a cycle could block every step (the load stage refuses them): run the next one rather than wait forever.
      const step = pending.shift() as PlanStep;
      results.set(step.unit, await run(step));
    }
  }
  return steps.map((s) => results.get(s.unit)).filter((r): r is R => r !== undefined);
}
