import type { InfraChange, StackChange } from "../../plan/plan.js";
import { plural } from "../describe-plan.js";
import type { ServiceHealth } from "../../verify/assess-service-health.js";

export interface RepoHealthFacts {
  /** False when the config is invalid: nothing could be compared. */
  readonly valid: boolean;
  readonly stacks: readonly StackChange[];
  readonly infra: readonly InfraChange[];
  readonly services: readonly ServiceHealth[];
  /** What self-heal did: undefined when it did not run. */
  readonly healed?: { readonly ok: boolean };
}

/**
 * `phoenix/health`: whether what runs is healthy and matches the config.
 * Crash loops (with the task's error) and services short of tasks come
 * first, then spec drift, each in its own words: a crash-looping service with
 * the right spec is not "drifted", and drift is not a crash.
 */
export function describeRepoHealth(facts: RepoHealthFacts): { readonly healthy: boolean; readonly description: string } {
  if (!facts.valid) return { healthy: false, description: "configuration invalid: drift cannot be checked" };
  const crashing = facts.services.filter((s) => s.crashLoop !== undefined);
  const short = facts.services.filter((s) => s.state === "degraded");
  const drift = [...facts.stacks.map((s) => `${s.namespace} (${s.action})`), ...describeDriftedOutputs(facts.infra)];
  const parts: string[] = [];
  if (crashing.length > 0) parts.push(`crash loop: ${crashing.map((s) => `${s.service} (${s.crashLoop?.failures} failures in 5 min: ${s.crashLoop?.error})`).join(", ")}`);
  if (short.length > 0) parts.push(`tasks missing: ${short.map((s) => `${s.service} ${s.running}/${s.desired} running`).join(", ")}`);
  if (drift.length > 0) {
    if (facts.healed === undefined) parts.push(`drifted: ${drift.join(", ")}`);
    else parts.push(`${facts.healed.ok ? "healed" : "self-heal failed"}: ${drift.join(", ")}`);
  }
  const healthy = crashing.length === 0 && short.length === 0 && (drift.length === 0 || facts.healed?.ok === true);
  if (parts.length === 0) return { healthy, description: "in sync: the swarm matches the config" };
  return { healthy, description: parts.join("; ") };
}

/** `traefik (1 file)`: outputs, not paths, which would not fit a status description. */
function describeDriftedOutputs(files: readonly InfraChange[]): string[] {
  const counts = new Map<string, number>();
  for (const f of files) counts.set(f.output, (counts.get(f.output) ?? 0) + 1);
  return [...counts].map(([output, n]) => `${output} (${n} ${plural(n, "file")})`);
}
