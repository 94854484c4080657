import { hasErrors } from "../diagnostics.js";
import type { Logger } from "../logger.js";
import { runSync, type SyncRun } from "../pipeline/run-sync.js";
import type { AppRuntime } from "./app-options.js";
import { buildAnnotations } from "./build-annotations.js";
import { completeCheckRun, startCheckRun } from "./check-run.js";
import { setCommitStatus, type CommitState } from "./commit-status.js";
import { openRepoSource } from "./open-repo-source.js";
import { postMergedPullRequestComment } from "./post-merged-comment.js";
import { describeSyncRun, renderSyncComment } from "./render-sync-comment.js";
import type { GitHubClient, RepoRef } from "./repo-ref.js";
import type { PendingPush } from "./run-queue.js";

export const SYNC_CONTEXT = "phoenix/sync";

/**
 * Deploys the newest pushed commit of the default branch and reports it: the
 * `phoenix/sync` status and check run, and a comment on the merged pull
 * request. Commits it stands in for get the same result, "superseded by".
 */
export async function syncPush(octokit: GitHubClient, ref: RepoRef, push: PendingPush, runtime: AppRuntime, logger: Logger): Promise<void> {
  const { owner, repo } = ref;
  const options = { retry: runtime.retry, logger };
  const started = performance.now();
  let commit = push.after;
  let superseded = push.superseded;
  const report = async (state: CommitState, description: string) => {
    await setCommitStatus(octokit, { owner, repo, sha: commit, context: SYNC_CONTEXT }, { state, description }, options);
    for (const sha of superseded) {
      await setCommitStatus(octokit, { owner, repo, sha, context: SYNC_CONTEXT }, { state, description: `superseded by ${commit.slice(0, 7)}: ${description}` }, options);
    }
  };
  let checkId: number | undefined;
  try {
    const source = await openRepoSource(octokit, ref, { cacheDir: runtime.cacheDir, logger });
    const fetched = await source.fetchRef(`refs/heads/${ref.defaultBranch}`);
    if (fetched.commit !== commit && !(await hasCommit(source, commit))) {
      // The branch moved on and a shallow fetch did not bring the pushed commit: deploy the tip in its place.
      superseded = [...superseded, commit];
      commit = fetched.commit;
    }
    checkId = await startCheckRun(octokit, { owner, repo, name: SYNC_CONTEXT, headSha: commit }, options);
    const run = await runSync({ tree: source.openTree(commit), commit, port: await runtime.openPort(), logger }, { dryRun: false });
    const description = describeSyncRun(run);
    const state: CommitState = run.ok ? "success" : "failure";
    await report(state, description);
    await completeCheckRun(octokit, { owner, repo, name: SYNC_CONTEXT, headSha: commit, id: checkId }, renderSyncCheck(run, commit, description), options);
    await postMergedPullRequestComment(octokit, { owner, repo, sha: commit }, renderSyncComment(run, commit), options);
    runtime.metrics.syncs.inc({ conclusion: state });
    logger.info({ commit, ok: run.ok, stacks: run.results.length, superseded: superseded.length }, "push synced");
  } catch (err) {
    runtime.metrics.failures.inc({ kind: "sync" });
    logger.error({ commit, err }, "push sync failed");
    const message = err instanceof Error ? err.message : String(err);
    await report("failure", `sync stopped with an error: ${message}`);
    if (checkId !== undefined) {
      await completeCheckRun(octokit, { owner, repo, name: SYNC_CONTEXT, headSha: commit, id: checkId }, { conclusion: "failure", title: "Phoenix could not sync", summary: message }, options);
    }
  } finally {
    runtime.metrics.durations.observe({ kind: "sync" }, (performance.now() - started) / 1000);
  }
}

function renderSyncCheck(run: SyncRun, commit: string, description: string) {
  const invalid = !run.plan || hasErrors(run.diagnostics);
  return {
    conclusion: run.ok ? ("success" as const) : ("failure" as const),
    title: description,
    summary: description,
    text: renderSyncComment(run, commit),
    annotations: buildAnnotations(invalid ? run.diagnostics : run.diagnostics.filter((d) => d.severity === "warning")),
  };
}

async function hasCommit(source: { resolveCommit(ref: string): Promise<string> }, sha: string): Promise<boolean> {
  try {
    await source.resolveCommit(sha);
    return true;
  } catch {
    return false;
  }
}
