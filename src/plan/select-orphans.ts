import { MANAGED_LABEL } from "../engine/stack-labels.js";
import type { StackObjects } from "../engine/stack-objects.js";

export interface OrphanStack {
  readonly namespace: string;
  readonly live: StackObjects;
}

/**
 * Stacks deployed by this instance that the config no longer wants. Only
 * this instance's: another config repo's stacks on the same swarm are not
 * orphans of this one. Sorted by namespace.
 */
export function selectOrphans(live: ReadonlyMap<string, StackObjects>, wanted: ReadonlySet<string>, instance: string): OrphanStack[] {
  return [...live]
    .filter(([namespace, objects]) => !wanted.has(namespace) && objects.services.some((s) => s.Spec.Labels?.[MANAGED_LABEL] === instance))
    .map(([namespace, objects]) => ({ namespace, live: objects }))
    .sort((a, b) => (a.namespace < b.namespace ? -1 : 1));
}

/** A stack with nothing deployed. */
export function emptyStackObjects(): StackObjects {
  return { services: [], networks: [], secrets: [], configs: [] };
}
