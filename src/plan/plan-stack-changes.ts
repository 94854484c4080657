import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { StackObjects } from "../engine/stack-objects.js";
import { freezeDeep } from "../freeze-deep.js";
import type { StackSpec } from "../engine/stack-spec.js";
import { planStackObjects } from "./spec-diff/plan-stack-objects.js";
import type { ObjectChange, StackChange } from "./plan.js";

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
    const objects = rememberObjects(d, options, () =>
      planStackObjects(d.spec, d.live, {
        prune: options.prune,
        ...(options.isSensitiveEnv ? { isSensitiveEnv: options.isSensitiveEnv } : {}),
        ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}),
      }),
    );
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

/**
 * Stacks diffed lately, by what the diff reads: the desired spec, the live
 * objects (by id and version) and the options. A long-running app plans
 * every stack of the repo for each pull request event while one or two of
 * them changed; the others give the same answer, so they are not diffed
 * again. The sensitivity test is a function: it counts by identity
 * (`createSecretNameMatcher` returns the same one for the same patterns).
 */
const MAX_REMEMBERED_DIFFS = 2048;
const diffs = new LRUCache<string, readonly ObjectChange[]>({ max: MAX_REMEMBERED_DIFFS });
const sensitivityIds = new WeakMap<(name: string) => boolean, number>();
let sensitivityCount = 0;

function rememberObjects(
  d: PlannedStack,
  options: { readonly prune: boolean; readonly isSensitiveEnv?: (name: string) => boolean; readonly apiVersion?: string },
  diff: () => ObjectChange[],
): ObjectChange[] {
  const key = createHash("sha256")
    .update(JSON.stringify([d.spec, describeLiveVersions(d.live), options.prune, options.apiVersion ?? "", identifySensitivity(options.isSensitiveEnv)]))
    .digest("hex");
  const kept = diffs.get(key);
  if (kept !== undefined) return [...kept];
  const objects = diff();
  diffs.set(key, freezeDeep([...objects]));
  return objects;
}

/** A number per sensitivity test function, 0 for none. */
function identifySensitivity(test: ((name: string) => boolean) | undefined): number {
  if (test === undefined) return 0;
  let id = sensitivityIds.get(test);
  if (id === undefined) {
    id = ++sensitivityCount;
    sensitivityIds.set(test, id);
  }
  return id;
}

/**
 * The live objects by identity and version: the swarm bumps an object's
 * version with every change to it (a service's spec, previous spec or
 * update status; a secret's or config's labels), and a network cannot be
 * changed, only recreated under a new id.
 */
function describeLiveVersions(live: StackObjects): string {
  return [
    ...live.services.map((s) => `s ${s.ID} ${s.Version.Index}`),
    ...live.networks.map((n) => `n ${n.Id} ${n.Name}`),
    ...live.secrets.map((s) => `x ${s.ID} ${s.Version.Index}`),
    ...live.configs.map((c) => `c ${c.ID} ${c.Version.Index}`),
  ].join("\n");
}
