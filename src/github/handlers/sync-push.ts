import { hasErrors } from "../../diagnostics.js";
import type { Logger } from "../../logger.js";
import { runSync } from "../../pipeline/run-sync.js";
import type { RepoSettings } from "../../settings/repo-settings.js";
import type { AppRuntime } from "../runtime/app-options.js";
import { completeCheckRun, startCheckRun } from "../api/check-run.js";
import type { CheckRunResult } from "../../report/github/check-run-result.js";
import { setCommitStatus, type CommitState } from "../api/commit-status.js";
import { openRepoSource } from "../api/open-repo-source.js";
import { postMergedPullRequestComment } from "../api/post-merged-comment.js";
import { SYNC_CONTEXT } from "../api/status-contexts.js";
import { postResultPart } from "./post-result-part.js";
import { describeSyncRun, renderSyncComment } from "../../report/github/render-sync-comment.js";
import { renderSyncCheck } from "../../report/github/render-sync-check.js";
import type { GitHubClient, RepoRef } from "../api/repo-ref.js";
import type { PendingPush } from "../runtime/run-queue.js";

export { SYNC_CONTEXT } from "../api/status-contexts.js";

/** What a sync reports, whether it ran to the end or stopped with an error. */
interface SyncReport {
  readonly state: CommitState;
  readonly description: string;
  readonly check: CheckRunResult;
  /** The result comment on the merged pull request; none when the sync stopped with an error. */
  readonly comment?: string;
}

/** How a sync ended, for the caller's retry policy. */
export interface SyncPushOutcome {
  readonly commit: string;
  readonly ok: boolean;
  /** False when a retry cannot help: the config is invalid (or refused by the operator's policy). */
  readonly retryable: boolean;
  /** The repo settings at the commit; undefined when they could not be read. */
  readonly settings: RepoSettings | undefined;
  readonly description: string;
}

export interface SyncPushOptions {
  /**
   * Sees the outcome before anything is reported; may replace the status:
   * `pending` while a retry will follow, or a final description that says
   * the commit is left failed.
   */
  readonly onOutcome?: (outcome: SyncPushOutcome) => { readonly state: CommitState; readonly description: string } | undefined;
}

/**
 * Deploys the newest pushed commit of the default branch and reports it: the
 * `phoenix/sync` status and check run, and a comment on the merged pull
 * request. Commits it stands in for get the same result, "superseded by".
 * A post GitHub refuses for good loses only itself: the deploy and the other
 * posts go ahead.
 */
export async function syncPush(
  octokit: GitHubClient,
  ref: RepoRef,
  push: PendingPush,
  runtime: AppRuntime,
  logger: Logger,
  hooks: SyncPushOptions = {},
): Promise<SyncPushOutcome> {
  const { owner, repo } = ref;
  const guard = { metrics: runtime.metrics, logger };
  const started = performance.now();
  let commit = push.after;
  let superseded = push.superseded;
  let checkId: number | undefined;
  let report: SyncReport;
  let retryable = true;
  let settings: RepoSettings | undefined;
  try {
    const source = await openRepoSource(octokit, ref, { cacheDir: runtime.cacheDir, logger });
    const fetched = await source.fetchRef(`refs/heads/${ref.defaultBranch}`);
    if (fetched.commit !== commit && !(await hasCommit(source, commit))) {
      // The branch moved on and a shallow fetch did not bring the pushed commit: deploy the tip in its place.
      superseded = [...superseded, commit];
      commit = fetched.commit;
    }
    checkId = await postResultPart("create check run", () => startCheckRun(octokit, { owner, repo, name: SYNC_CONTEXT, headSha: commit }), guard);
    const run = await runSync({ tree: source.openTree(commit), commit, port: await runtime.openPort(), logger, policy: runtime.policy }, { dryRun: false });
    settings = run.settings;
    retryable = run.plan !== undefined && !hasErrors(run.diagnostics);
    const state: CommitState = run.ok ? "success" : "failure";
    report = { state, description: describeSyncRun(run), check: renderSyncCheck(run, commit), comment: renderSyncComment(run, commit) };
    runtime.metrics.syncs.inc({ conclusion: state });
    logger.info({ commit, ok: run.ok, stacks: run.results.length, infra: run.infra?.length ?? 0, superseded: superseded.length }, "push synced");
  } catch (err) {
    runtime.metrics.failures.inc({ kind: "sync" });
    logger.error({ commit, err }, "push sync failed");
    const message = err instanceof Error ? err.message : String(err);
    report = { state: "failure", description: `sync stopped with an error: ${message}`, check: { conclusion: "failure", title: "Phoenix could not sync", summary: message } };
  } finally {
    runtime.metrics.durations.observe({ kind: "sync" }, (performance.now() - started) / 1000);
  }

  const outcome: SyncPushOutcome = { commit, ok: report.state === "success", retryable, settings, description: report.description };
  const status = hooks.onOutcome?.(outcome) ?? { state: report.state, description: report.description };
  // A pending status posted late must not overwrite the final one.
  await push.announced;
  const setStatus = (sha: string, description: string) =>
    postResultPart("set commit status", () => setCommitStatus(octokit, { owner, repo, sha, context: SYNC_CONTEXT }, { state: status.state, description }), guard);
  await setStatus(commit, status.description);
  for (const sha of superseded) await setStatus(sha, `superseded by ${commit.slice(0, 7)}: ${status.description}`);
  await postResultPart(
    "complete check run",
    async () => {
      const id = checkId ?? (await startCheckRun(octokit, { owner, repo, name: SYNC_CONTEXT, headSha: commit }));
      await completeCheckRun(octokit, { owner, repo, name: SYNC_CONTEXT, headSha: commit, id }, report.check);
    },
    guard,
  );
  const comment = report.comment;
  // One result comment per commit: not for an attempt that will be retried.
  if (comment !== undefined && status.state !== "pending") await postResultPart("post result comment", () => postMergedPullRequestComment(octokit, { owner, repo, sha: commit }, comment, logger), guard);
  return outcome;
}

async function hasCommit(source: { resolveCommit(ref: string): Promise<string> }, sha: string): Promise<boolean> {
  try {
    await source.resolveCommit(sha);
    return true;
  } catch {
    return false;
  }
}
