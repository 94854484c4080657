import { hasErrors } from "../../diagnostics.js";
import type { Logger } from "../../logger.js";
import { runDrift } from "../../pipeline/run-drift.js";
import { runSync } from "../../pipeline/run-sync.js";
import { loadRepoSettings } from "../../settings/load-repo-settings.js";
import { readStacksHealth } from "../../verify/read-stacks-health.js";
import type { AppRuntime } from "../runtime/app-options.js";
import { setCommitStatus } from "../api/commit-status.js";
import { HEALTH_CONTEXT } from "../api/status-contexts.js";
import { describeRepoHealth } from "../../report/github/describe-repo-health.js";
import { openRepoSource } from "../api/open-repo-source.js";
import type { GitHubClient, RepoRef } from "../api/repo-ref.js";

export { HEALTH_CONTEXT } from "../api/status-contexts.js";

export interface HealthCheck {
  readonly commit: string;
  /** Undefined when the repo turned drift checks off: then nothing was compared and no status was set. */
  readonly inSync: boolean | undefined;
  /** `drift.intervalMinutes` of the repo's settings at that commit (0: off). */
  readonly intervalMinutes: number;
}

export interface HealthCheckOptions {
  /**
   * Drift may be put back (with `reconcile.selfHeal: true`): only when the
   * head's own sync succeeded, so a failing commit is never redeployed and
   * rolled back every interval.
   */
  readonly canHeal?: boolean;
}

/**
 * Compares the live swarm and the infra targets with the default branch's
 * head, and counts the tasks of its stacks, and says so with the
 * `phoenix/health` status on that commit: success when in sync and running,
 * failure naming crash loops (with the task's error), missing tasks and what
 * drifted. With `reconcile.selfHeal` drift is put back by a sync, and the
 * status says what was healed. A repo whose settings say
 * `drift.intervalMinutes: 0` is left alone.
 */
export async function checkRepoHealth(octokit: GitHubClient, ref: RepoRef, runtime: AppRuntime, logger: Logger, options: HealthCheckOptions = {}): Promise<HealthCheck> {
  const started = performance.now();
  try {
    const source = await openRepoSource(octokit, ref, { cacheDir: runtime.cacheDir, logger });
    const { commit } = await source.fetchRef(`refs/heads/${ref.defaultBranch}`);
    const tree = source.openTree(commit);
    const { settings } = await loadRepoSettings(tree);
    const intervalMinutes = settings.drift.intervalMinutes;
    if (intervalMinutes === 0) {
      logger.info({ commit }, "health check turned off by the repo settings");
      return { commit, inSync: undefined, intervalMinutes };
    }
    const port = await runtime.openPort();
    const drift = await runDrift({ tree, commit, port, logger, policy: runtime.policy });
    const invalid = !drift.plan || hasErrors(drift.diagnostics);
    const namespaces = drift.plan?.stacks.filter((s) => s.action !== "orphaned").map((s) => s.namespace) ?? [];
    const services = invalid ? [] : await readStacksHealth(port, namespaces, runtime.now());
    let healed: { ok: boolean } | undefined;
    if (!invalid && drift.drifted && settings.reconcile.selfHeal && options.canHeal === true) {
      const sync = await runSync({ tree, commit, port, logger, policy: runtime.policy }, { dryRun: false });
      healed = { ok: sync.ok };
      logger.info({ commit, ok: sync.ok, stacks: drift.stacks.map((s) => `${s.namespace} (${s.action})`), files: drift.infra.map((f) => f.file) }, "drift healed");
    }
    const { healthy, description } = describeRepoHealth({ valid: !invalid, stacks: drift.stacks, infra: drift.infra, services, ...(healed ? { healed } : {}) });
    const inSync = !invalid && (!drift.drifted || healed?.ok === true);
    await setCommitStatus(octokit, { owner: ref.owner, repo: ref.repo, sha: commit, context: HEALTH_CONTEXT }, { state: healthy ? "success" : "failure", description });
    logger.info({ commit, inSync, healthy, drifted: drift.stacks.length, driftedFiles: drift.infra.length, unhealthy: services.filter((s) => s.state !== "healthy").length }, "health checked");
    return { commit, inSync, intervalMinutes };
  } finally {
    runtime.metrics.durations.observe({ kind: "drift" }, (performance.now() - started) / 1000);
  }
}
