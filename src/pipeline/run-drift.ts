import type { Diagnostic } from "../errors.js";
import type { InfraChange, Plan, StackChange } from "../plan/plan.js";
import type { RepoSettings } from "../settings/repo-settings.js";
import type { SecretMasker } from "../secrets/secret-masker.js";
import { runPlan, type PlanInput } from "./run-plan.js";

/** Drift compares a commit with the live system: there is no base, and the targets are always read. */
export type DriftInput = Pick<PlanInput, "tree" | "commit" | "dirty" | "port" | "logger" | "policy">;

export interface DriftRun {
  /** True when a sync would change something. False too when nothing could be compared: see `plan`. */
  readonly drifted: boolean;
  /** Stacks a sync would create, update or remove (orphaned stacks are kept by sync, so they are not drift). */
  readonly stacks: readonly StackChange[];
  /** Infra files whose target no longer holds what the config renders. */
  readonly infra: readonly InfraChange[];
  readonly diagnostics: readonly Diagnostic[];
  /** The whole plan; undefined when the config is invalid or a target cannot be read (the errors are in `diagnostics`). */
  readonly plan: Plan | undefined;
  readonly settings: RepoSettings | undefined;
  /** The run's secret values (`PlanRun.masker`). */
  readonly masker: SecretMasker;
}

/** The plan against the live swarm and the infra targets, read as drift: the same computation, a yes/no answer. */
export async function runDrift(input: DriftInput): Promise<DriftRun> {
  const run = await runPlan({ tree: input.tree, ...(input.commit ? { commit: input.commit } : {}), ...(input.dirty ? { dirty: true } : {}), port: input.port, logger: input.logger, readInfraTargets: true, ...(input.policy ? { policy: input.policy } : {}) });
  const stacks = run.plan?.stacks.filter((s) => s.action !== "unchanged" && s.action !== "orphaned") ?? [];
  const infra = run.plan?.infra.filter((f) => f.action !== "unchanged") ?? [];
  const drifted = stacks.length > 0 || infra.length > 0;
  input.logger.info({ drifted, stacks: stacks.length, infra: infra.length }, "drift checked");
  return { drifted, stacks, infra, diagnostics: run.diagnostics, plan: run.plan, settings: run.settings, masker: run.masker };
}
