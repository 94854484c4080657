import type { Probot } from "probot";
import type { AppRuntime } from "../runtime/app-options.js";
import { acceptDelivery } from "../runtime/accept-delivery.js";
import { setCommitStatus } from "../api/commit-status.js";
import { postResultPart } from "./post-result-part.js";
import { formatRepoKey, readRepoRef } from "../api/repo-ref.js";
import { SYNC_CONTEXT, syncPush } from "./sync-push.js";

const ZERO_SHA = /^0+$/;

/**
 * A push to the default branch deploys it. Every pushed commit gets a
 * pending `phoenix/sync` status at once and a final one later, even when a
 * newer push supersedes it in the queue. Other branches never deploy.
 */
export function registerPushHandler(app: Probot, runtime: AppRuntime): void {
  app.on("push", async (context) => {
    const logger = acceptDelivery(runtime, context);
    if (!logger) return;
    const payload = context.payload;
    const repo = readRepoRef(
      { name: payload.repository.name, owner: payload.repository.owner, clone_url: payload.repository.clone_url, default_branch: payload.repository.default_branch },
      payload.installation,
    );
    if (!repo) return;
    if (payload.ref !== `refs/heads/${repo.defaultBranch}` || payload.deleted || ZERO_SHA.test(payload.after)) {
      logger.info({ ref: payload.ref }, "push not to the default branch ignored");
      return;
    }
    const octokit = context.octokit;
    // A pending status GitHub refuses for good must not cost the deployment: the push is queued either way.
    await postResultPart(
      "set pending status",
      () => setCommitStatus(octokit, { owner: repo.owner, repo: repo.repo, sha: payload.after, context: SYNC_CONTEXT }, { state: "pending", description: "queued for deployment" }),
      { metrics: runtime.metrics, logger },
    );
    void runtime.queue.enqueuePush(formatRepoKey(repo), payload.after, (push) => syncPush(octokit, repo, push, runtime, logger));
  });
}
