import type { Logger } from "../../logger.js";
import type { AppRuntime } from "../runtime/app-options.js";
import { completeCheckRun, startCheckRun } from "../api/check-run.js";
import { postResultPart } from "./post-result-part.js";
import { PLAN_CHECK_NAME } from "../../report/github/render-plan-report.js";
import type { GitHubClient, RepoRef } from "../api/repo-ref.js";

/**
 * A pull request head whose plan never ran because a newer head replaced it
 * in the queue gets a completed `phoenix/plan` check run saying so (neutral),
 * as a superseded push gets its "superseded by" status: nothing stays
 * without an answer, and no plan is computed for a head nobody will merge.
 */
export async function completeSupersededPlan(octokit: GitHubClient, repo: RepoRef, heads: { readonly head: string; readonly by: string }, runtime: AppRuntime, logger: Logger): Promise<void> {
  const target = { owner: repo.owner, repo: repo.repo, name: PLAN_CHECK_NAME, headSha: heads.head };
  await postResultPart(
    "complete superseded check run",
    async () => {
      const id = await startCheckRun(octokit, target);
      await completeCheckRun(
        octokit,
        { ...target, id },
        { conclusion: "neutral", title: "Superseded by a newer push", summary: `A newer head of this pull request, ${heads.by.slice(0, 7)}, was pushed before this one was planned: it is planned instead.` },
      );
    },
    { metrics: runtime.metrics, logger },
  );
  logger.info({ head: heads.head, by: heads.by }, "superseded plan completed");
}
