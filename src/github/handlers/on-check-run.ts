import type { Probot } from "probot";
import type { AppRuntime } from "../runtime/app-options.js";
import { acceptDelivery } from "../runtime/accept-delivery.js";
import { fetchPullRequest } from "../api/fetch-pull-request.js";
import { planPullRequest } from "./plan-pull-request.js";
import { PLAN_CHECK_NAME } from "../../report/github/render-plan-report.js";
import { formatRepoKey, readRepoRef } from "../api/repo-ref.js";

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
      const { target } = await fetchPullRequest(octokit, repo, number);
      await planPullRequest(octokit, target, runtime, logger);
    });
  });
}
