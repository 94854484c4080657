import type { Probot } from "probot";
import type { AppRuntime } from "../runtime/app-options.js";
import { acceptDelivery } from "../runtime/accept-delivery.js";
import { fetchPullRequest } from "../api/fetch-pull-request.js";
import { hasWriteAccess } from "../api/check-write-access.js";
import { planPullRequest } from "./plan-pull-request.js";
import { formatRepoKey, readRepoRef } from "../api/repo-ref.js";

/** `/phoenix plan` on its own line of a pull request comment. */
const PLAN_COMMAND = /^\/phoenix\s+plan\s*$/m;

/** A `/phoenix plan` comment on a pull request plans it again, when its author can push to the repository. */
export function registerIssueCommentHandler(app: Probot, runtime: AppRuntime): void {
  app.on("issue_comment.created", async (context) => {
    const { issue, comment, sender } = context.payload;
    if (!issue.pull_request || !PLAN_COMMAND.test(comment.body) || sender.type === "Bot") return;
    const logger = acceptDelivery(runtime, context);
    if (!logger) return;
    const repo = readRepoRef(context.payload.repository, context.payload.installation);
    if (!repo) return;
    const octokit = context.octokit;
    void runtime.queue.enqueuePlan(formatRepoKey(repo), issue.number, async () => {
      if (!(await hasWriteAccess(octokit, repo, sender.login, logger))) {
        logger.info({ pr: issue.number, user: sender.login }, "plan command without write access ignored");
        return;
      }
      const pr = await fetchPullRequest(octokit, repo, issue.number);
      if (!pr.open) {
        logger.info({ pr: issue.number }, "plan command on closed pull request ignored");
        return;
      }
      await planPullRequest(octokit, pr.target, runtime, logger);
    });
  });
}
