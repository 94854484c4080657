import type { Probot } from "probot";
import type { AppRuntime } from "../runtime/app-options.js";
import { acceptDelivery } from "../runtime/accept-delivery.js";
import { completeSupersededPlan } from "./complete-superseded-plan.js";
import { readPullRequestTarget } from "../api/pull-request-target.js";
import { planPullRequest } from "./plan-pull-request.js";
import { formatRepoKey, readRepoRef } from "../api/repo-ref.js";

/** opened / synchronize / reopened: plan the head in the repository's plan lane; a newer head of the same pull request replaces a waiting one. */
export function registerPullRequestHandler(app: Probot, runtime: AppRuntime): void {
  app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], async (context) => {
    const logger = acceptDelivery(runtime, context);
    if (!logger) return;
    const repo = readRepoRef(context.payload.repository, context.payload.installation);
    if (!repo) {
      logger.warn("delivery without installation ignored");
      return;
    }
    const target = readPullRequestTarget(repo, context.payload.pull_request);
    // The webhook is answered at once; the plan runs in the queue.
    const octokit = context.octokit;
    void runtime.queue.enqueuePlan(formatRepoKey(repo), target.number, () => planPullRequest(octokit, target, runtime, logger), {
      head: target.headSha,
      onSuperseded: (by) => completeSupersededPlan(octokit, repo, { head: target.headSha, by }, runtime, logger),
    });
  });
}
