import { hasErrors } from "../../diagnostics.js";
import type { Logger } from "../../logger.js";
import { runDrift } from "../../pipeline/run-drift.js";
import type { InfraChange } from "../../plan/plan.js";
import { plural } from "../../report/describe-plan.js";
import { loadRepoSettings } from "../../settings/load-repo-settings.js";
import type { AppRuntime } from "../runtime/app-options.js";
import { setCommitStatus } from "../api/commit-status.js";
import { openRepoSource } from "../api/open-repo-source.js";
import type { GitHubClient, RepoRef } from "../api/repo-ref.js";

export const HEALTH_CONTEXT = "phoenix/health";

export interface HealthCheck {
  readonly commit: string;
  /** Undefined when the repo turned drift checks off: then nothing was compared and no status was set. */
  readonly inSync: boolean | undefined;
  /** `drift.intervalMinutes` of the repo's settings at that commit (0: off). */
  readonly intervalMinutes: number;
}

/**
 * Compares the live swarm and the infra targets with the default branch's
 * head and says so with the `phoenix/health` status on that commit: success
 * when in sync, failure naming what drifted. A repo whose settings say
 * `drift.intervalMinutes: 0` is left alone.
 */
export async function checkRepoHealth(octokit: GitHubClient, ref: RepoRef, runtime: AppRuntime, logger: Logger): Promise<HealthCheck> {
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
    const drift = await runDrift({ tree, commit, port: await runtime.openPort(), logger, policy: runtime.policy });
    const invalid = !drift.plan || hasErrors(drift.diagnostics);
    const inSync = !invalid && !drift.drifted;
    const description = invalid
      ? "configuration invalid: drift cannot be checked"
      : inSync
        ? "in sync: the swarm matches the config"
        : `drifted: ${[...drift.stacks.map((s) => `${s.namespace} (${s.action})`), ...describeDriftedOutputs(drift.infra)].join(", ")}`;
    await setCommitStatus(octokit, { owner: ref.owner, repo: ref.repo, sha: commit, context: HEALTH_CONTEXT }, { state: inSync ? "success" : "failure", description });
    logger.info({ commit, inSync, drifted: drift.stacks.length, driftedFiles: drift.infra.length }, "health checked");
    return { commit, inSync, intervalMinutes };
  } finally {
    runtime.metrics.durations.observe({ kind: "drift" }, (performance.now() - started) / 1000);
  }
}

/** `traefik (1 file)`: outputs, not paths, which would not fit a status description. */
function describeDriftedOutputs(files: readonly InfraChange[]): string[] {
  const counts = new Map<string, number>();
  for (const f of files) counts.set(f.output, (counts.get(f.output) ?? 0) + 1);
  return [...counts].map(([output, n]) => `${output} (${n} ${plural(n, "file")})`);
}
