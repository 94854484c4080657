import type { InfraChange, PlanImpact, StackChange } from "./plan.js";

/**
 * A stack that differs from the live swarm although the change does not
 * touch it has drifted (or missed an earlier sync). Orphans are not marked:
 * being deployed without being in the config already says where they stand.
 */
export function markStackDrift(stacks: readonly StackChange[], impact: PlanImpact): StackChange[] {
  const touched = new Set(impact.stacks.map((s) => s.name));
  const drifted = (s: StackChange) => s.action !== "unchanged" && s.action !== "orphaned" && !impact.settingsChanged && !touched.has(s.stack);
  return stacks.map((s) => (drifted(s) ? { ...s, drift: true } : s));
}

/** As `markStackDrift`, for generated files: their target differs although the change does not touch their output. */
export function markInfraDrift(files: readonly InfraChange[], impact: PlanImpact): InfraChange[] {
  const touched = new Set(impact.infra.map((f) => f.output));
  return files.map((f) => (f.action !== "unchanged" && !impact.settingsChanged && !touched.has(f.output) ? { ...f, drift: true } : f));
}
