import type { Logger } from "../../logger.js";
import { runPlan } from "../../pipeline/run-plan.js";
import { prefetchSwarmReads } from "../../pipeline/prefetch-swarm-reads.js";
import type { AppRuntime } from "../runtime/app-options.js";
import { completeCheckRun, startCheckRun } from "../api/check-run.js";
import type { CheckRunResult } from "../../report/github/check-run-result.js";
import { findPlanBase } from "./find-plan-base.js";
import { openRepoSource } from "../api/open-repo-source.js";
import { postResultPart } from "./post-result-part.js";
import { PLAN_CHECK_NAME, renderPlanReport } from "../../report/github/render-plan-report.js";
import { PLAN_COMMENT_MARKER } from "../../report/render-plan-markdown.js";
import type { PullRequestTarget } from "../api/pull-request-target.js";
import type { GitHubClient } from "../api/repo-ref.js";
import { findStickyComment, upsertStickyComment, writeStickyComment } from "../api/sticky-comment.js";

/**
 * Plans the pull request's head against the live swarm and reports it twice:
 * the sticky comment (edited in place) and the `phoenix/plan` check run.
 * Reads only; never deploys. A post GitHub refuses for good loses only
 * itself: the other one still goes out.
 */
export async function planPullRequest(octokit: GitHubClient, target: PullRequestTarget, runtime: AppRuntime, logger: Logger): Promise<void> {
  const { owner, repo } = target.repo;
  const guard = { metrics: runtime.metrics, logger };
  const started = performance.now();
  const checkTarget = { owner, repo, name: PLAN_CHECK_NAME, headSha: target.headSha };
  const sticky = { owner, repo, issueNumber: target.number, marker: PLAN_COMMENT_MARKER };
  // Neither waits for the other, nor the plan for them: the check run shows "in progress" while
  // the head is fetched, and the sticky comment is looked up while the plan runs.
  const checkId = postResultPart("create check run", () => startCheckRun(octokit, checkTarget), guard);
  const existingComment = findStickyComment(octokit, sticky).then(
    (id) => ({ found: true as const, id }),
    () => ({ found: false as const }),
  );
  let report: { readonly comment?: string; readonly check: CheckRunResult };
  try {
    // The swarm's answers come in while the head is fetched and the repo loads.
    const port = prefetchSwarmReads(await runtime.openPort());
    const source = await openRepoSource(octokit, target.repo, { cacheDir: runtime.cacheDir, logger });
    // GitHub keeps a fork's head under refs/pull/<n>/head of the base repository.
    const headRef = target.fork ? `refs/pull/${target.number}/head` : `refs/heads/${target.headRef}`;
    // A head or base this cache already holds is not fetched again. The base comes first: a head
    // fetched on top of it keeps its link to it, and the merge base is found without deepening.
    const baseRef = `refs/heads/${target.baseRef}`;
    const base = await source.fetchRef(baseRef, target.baseSha === undefined ? {} : { expect: target.baseSha });
    // A new pull request's branch is fetched as what it adds to its base branch.
    const fetchedHead = await source.fetchRef(headRef, { expect: target.headSha, haveRef: baseRef });
    // The base branch can be any branch the PR's author pushed: only the default branch is trusted.
    const defaultBranch = target.repo.defaultBranch;
    const trusted = defaultBranch === target.baseRef ? base : await source.fetchRef(`refs/heads/${defaultBranch}`);
    const commit = await resolvePlannedCommit(source, target.headSha, fetchedHead.commit, logger);
    const mergeBase = await findPlanBase(source, { head: commit, base: base.commit, headRef, baseRef }, logger);
    const run = await runPlan({
      tree: source.openTree(commit),
      commit,
      baseTree: source.openTree(mergeBase),
      base: mergeBase,
      port,
      logger,
      // A fork's config decides nothing about our hosts: plan its infra against the base render only.
      readInfraTargets: !target.fork,
      trusted: { tree: source.openTree(trusted.commit), ref: defaultBranch, commit: trusted.commit },
      policy: runtime.policy,
      // Readiness probes and live certificates depend on the trusted ref only: read once a minute, not per delivery.
      reads: runtime.planReads,
    });
    report = renderPlanReport(run, { fork: target.fork });
    runtime.metrics.plans.inc({ conclusion: report.check.conclusion });
    logger.info({ pr: target.number, commit, conclusion: report.check.conclusion, fork: target.fork }, "pull request planned");
  } catch (err) {
    runtime.metrics.failures.inc({ kind: "plan" });
    logger.error({ pr: target.number, err }, "pull request plan failed");
    const message = err instanceof Error ? err.message : String(err);
    report = { check: { conclusion: "failure", title: "Phoenix could not plan", summary: `The plan stopped with an error: ${message}` } };
  } finally {
    runtime.metrics.durations.observe({ kind: "plan" }, (performance.now() - started) / 1000);
  }
  const comment = report.comment;
  const lookup = await existingComment;
  if (comment !== undefined) {
    // A lookup that failed is tried again as part of the write, which reports its own failure.
    const post = lookup.found ? () => writeStickyComment(octokit, sticky, lookup.id, comment) : () => upsertStickyComment(octokit, sticky, comment);
    await postResultPart("post plan comment", post, guard);
  }
  const created = await checkId;
  await postResultPart("complete check run", async () => completeCheckRun(octokit, { ...checkTarget, id: created ?? (await startCheckRun(octokit, checkTarget)) }, report.check), guard);
}

/** The event's head commit when the fetch brought it, else the branch's newer tip (its own event follows). */
async function resolvePlannedCommit(source: { resolveCommit(ref: string): Promise<string> }, headSha: string, fetched: string, logger: Logger): Promise<string> {
  if (fetched === headSha) return headSha;
  try {
    return await source.resolveCommit(headSha);
  } catch {
    logger.warn({ headSha, fetched }, "pull request head moved");
    return fetched;
  }
}
