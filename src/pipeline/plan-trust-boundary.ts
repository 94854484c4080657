import type { DesiredState } from "../config/desired-state.js";
import type { PlanTrust } from "../plan/plan.js";
import type { RepoSettings } from "../settings/repo-settings.js";
import type { FileTree } from "../source/file-tree.js";
import { diffExecutionValues, listExecutionValues } from "../trust/execution-values.js";
import { applyTrustedSettings } from "../trust/trusted-settings.js";
import { loadPlanBase } from "./infra-plan.js";

/** The ref an untrusted tree is planned under: the default branch's tip in the app. */
export interface TrustedSource {
  readonly tree: FileTree;
  /** Its name as the plan shows it (`main`). */
  readonly ref: string;
  readonly commit?: string;
}

export interface TrustBoundary {
  /** The planned tree's settings with every execution value taken from the trusted ref. */
  readonly settings: RepoSettings;
  /** The trusted ref's state: it places infra deployments. Undefined when the trusted ref does not load. */
  readonly placementState: DesiredState | undefined;
  readonly trust: PlanTrust;
}

/**
 * Loads the trusted ref (cached by commit, like a base) and splits the
 * planned tree's values: what shapes the plan stays the tree's, what makes
 * Phoenix execute or connect is the trusted ref's, and each execution value
 * the tree changes is listed for review.
 */
export async function planTrustBoundary(trusted: TrustedSource, planned: RepoSettings, plannedState: DesiredState | undefined): Promise<TrustBoundary> {
  const base = await loadPlanBase(trusted.tree);
  const changes = diffExecutionValues(listExecutionValues(base.settings, base.state), listExecutionValues(planned, plannedState));
  return {
    settings: applyTrustedSettings(planned, base.settings),
    placementState: base.state,
    trust: { ref: trusted.ref, ...(trusted.commit === undefined ? {} : { commit: trusted.commit }), changes },
  };
}
