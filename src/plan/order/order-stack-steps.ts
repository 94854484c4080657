import type { PlanStep, StackChange } from "../plan.js";

/**
 * The stack steps of a plan in dependency order (pure): a stack comes after
 * every changed stack it depends on, directly or through unchanged ones
 * (those already run as the config says). Independent stacks keep the plan's
 * order, and each step lists the steps it waits for in `after`, so that apply
 * can run independent stacks side by side.
 */
export function orderStackSteps(stacks: readonly StackChange[], after: ReadonlyMap<string, readonly string[]>): PlanStep[] {
  const changed = stacks.filter((s) => s.action !== "unchanged" && s.action !== "orphaned");
  const changedSet = new Set(changed.map((s) => s.namespace));
  const waitsFor = new Map(changed.map((s) => [s.namespace, reachable(s.namespace, after, changedSet)]));
  const done = new Set<string>();
  const steps: PlanStep[] = [];
  // Kahn's algorithm; the load stage refused cycles, and a leftover one is broken in plan order rather than looping.
  while (steps.length < changed.length) {
    const ready = changed.find((s) => !done.has(s.namespace) && [...(waitsFor.get(s.namespace) ?? [])].every((d) => done.has(d)));
    const next = ready ?? changed.find((s) => !done.has(s.namespace));
    if (next === undefined) break;
    done.add(next.namespace);
    const deps = [...(waitsFor.get(next.namespace) ?? [])].filter((d) => d !== next.namespace).sort();
    steps.push({ unit: `stack/${next.namespace}`, action: next.action, ...(deps.length > 0 ? { after: deps.map((d) => `stack/${d}`) } : {}) });
  }
  return steps;
}

/** The changed stacks `from` depends on, following unchanged stacks in between. */
function reachable(from: string, after: ReadonlyMap<string, readonly string[]>, changed: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>();
  const out = new Set<string>();
  const queue = [...(after.get(from) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (seen.has(next) || next === from) continue;
    seen.add(next);
    if (changed.has(next)) out.add(next);
    queue.push(...(after.get(next) ?? []));
  }
  return out;
}
