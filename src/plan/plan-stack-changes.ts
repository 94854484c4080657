import type { StackObjects } from "../engine/stack-objects.js";
import type { StackSpec } from "../engine/stack-spec.js";
import { planStackObjects } from "./spec-diff/plan-stack-objects.js";
import type { StackChange } from "./plan.js";

export interface PlannedStack {
  readonly stack: string;
  readonly namespace: string;
  readonly spec: StackSpec;
  readonly live: StackObjects;
}

/**
 * Per stack: create when nothing of it runs, update when any object changes,
 * unchanged otherwise. Live stacks that Phoenix deployed but the config no
 * longer has are orphaned, or removed when the repo opts in to pruning.
 */
export function planStackChanges(
  desired: readonly PlannedStack[],
  orphans: readonly { readonly namespace: string; readonly live: StackObjects }[],
  options: { readonly prune: boolean; readonly isSensitiveEnv?: (name: string) => boolean; readonly apiVersion?: string },
): StackChange[] {
  const changes: StackChange[] = desired.map((d) => {
    const objects = planStackObjects(d.spec, d.live, {
      prune: options.prune,
      ...(options.isSensitiveEnv ? { isSensitiveEnv: options.isSensitiveEnv } : {}),
      ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}),
    });
    // A kept service is shown, not applied: it alone leaves the stack unchanged.
    const action = d.live.services.length === 0 ? "create" : objects.some((o) => o.action !== "unchanged" && o.action !== "kept") ? "update" : "unchanged";
    return { stack: d.stack, namespace: d.namespace, action, objects };
  });
  for (const orphan of orphans) {
    const objects = orphan.live.services.map((s) => ({ kind: "service" as const, name: s.Spec.Name, action: options.prune ? ("remove" as const) : ("unchanged" as const), fields: [] }));
    changes.push({ stack: orphan.namespace, namespace: orphan.namespace, action: options.prune ? "remove" : "orphaned", objects });
  }
  return changes.sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
}
