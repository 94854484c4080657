import type { Probot } from "probot";
import type { AppRuntime } from "../runtime/app-options.js";
import { acceptDelivery } from "../runtime/accept-delivery.js";
import { enqueueSync } from "./enqueue-sync.js";
import { readRepoRef } from "../api/repo-ref.js";

const ZERO_SHA = /^0+$/;

/**
 * A push to the default branch deploys it. Every pushed commit gets a
 * pending `phoenix/sync` status at once (posted after the webhook is
 * answered) and a final one later, even when a newer push supersedes it in
 * the queue. Other branches never deploy.
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
    // The webhook is answered first: the pending status goes out right after, beside the queue.
    void enqueueSync(context.octokit, repo, runtime, logger, { commit: payload.after, trigger: "push" });
  });
}
