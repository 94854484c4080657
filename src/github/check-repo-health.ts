import { hasErrors } from "../diagnostics.js";
import type { Logger } from "../logger.js";
import { runPlan } from "../pipeline/run-plan.js";
import type { AppRuntime } from "./app-options.js";
import { setCommitStatus } from "./commit-status.js";
import { openRepoSource } from "./open-repo-source.js";
import type { GitHubClient, RepoRef } from "./repo-ref.js";

export const HEALTH_CONTEXT = "phoenix/health";

export interface HealthCheck {
  readonly commit: string;
  readonly inSync: boolean;
  /** `drift.intervalMinutes` of the repo's settings at that commit (0: off). */
  readonly intervalMinutes: number;
}

/**
 * Compares the live swarm with the default branch's head and says so with
 * the `phoenix/health` status on that commit: success when in sync, failure
 * naming what drifted.
 */
export async function checkRepoHealth(octokit: GitHubClient, ref: RepoRef, runtime: AppRuntime, logger: Logger): Promise<HealthCheck> {
  const started = performance.now();
  try {
    const source = await openRepoSource(octokit, ref, { cacheDir: runtime.cacheDir, logger });
    const { commit } = await source.fetchRef(`refs/heads/${ref.defaultBranch}`);
    const run = await runPlan({ tree: source.openTree(commit), commit, port: await runtime.openPort(), logger });
    const drifted = (run.plan?.stacks ?? []).filter((s) => s.action !== "unchanged" && s.action !== "orphaned");
    const driftedFiles = (run.plan?.infra ?? []).filter((f) => f.action !== "unchanged");
    const invalid = !run.plan || hasErrors(run.diagnostics);
    const inSync = !invalid && drifted.length === 0 && driftedFiles.length === 0;
    const description = invalid
      ? "configuration invalid: drift cannot be checked"
      : inSync
        ? "in sync: the swarm matches the config"
        : `drifted: ${[...drifted.map((s) => `${s.namespace} (${s.action})`), ...driftedFiles.map((f) => f.output)].join(", ")}`;
    await setCommitStatus(octokit, { owner: ref.owner, repo: ref.repo, sha: commit, context: HEALTH_CONTEXT }, { state: inSync ? "success" : "failure", description }, { retry: runtime.retry, logger });
    logger.info({ commit, inSync, drifted: drifted.length }, "health checked");
    return { commit, inSync, intervalMinutes: run.settings?.drift.intervalMinutes ?? 15 };
  } finally {
    runtime.metrics.durations.observe({ kind: "drift" }, (performance.now() - started) / 1000);
  }
}
