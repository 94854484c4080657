import type { Probot } from "probot";
import type { AppRuntime } from "./app-options.js";
import { acceptDelivery } from "./accept-delivery.js";
import { fetchPullRequest } from "./fetch-pull-request.js";
import { planPullRequest } from "./plan-pull-request.js";
import { PLAN_CHECK_NAME } from "./render-plan-report.js";
import { formatRepoKey, readRepoRef } from "./repo-ref.js";

/** "Re-run" on a `phoenix/plan` check run plans its pull request again. */
export function registerCheckRunHandler(app: Probot, runtime: AppRuntime): void {
  app.on("check_run.rerequested", async (context) => {
    const run = context.payload.check_run;
    const number = run.pull_requests[0]?.number;
    if (run.name !== PLAN_CHECK_NAME || number === undefined) return;
    const logger = acceptDelivery(runtime, context);
    if (!logger) return;
    const repo = readRepoRef(context.payload.repository, context.payload.installation);
    if (!repo) return;
    const octokit = context.octokit;
    void runtime.queue.enqueuePlan(formatRepoKey(repo), number, async () => {
      const { target } = await fetchPullRequest(octokit, repo, number, { retry: runtime.retry, logger });
      await planPullRequest(octokit, target, runtime, logger);
    });
  });
}
