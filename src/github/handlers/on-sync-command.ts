import type { Probot } from "probot";
import type { AppRuntime } from "../runtime/app-options.js";
import { acceptDelivery } from "../runtime/accept-delivery.js";
import { hasWriteAccess } from "../api/check-write-access.js";
import { enqueueSync } from "./enqueue-sync.js";
import { openRepoSource } from "../api/open-repo-source.js";
import { formatRepoKey, readRepoRef } from "../api/repo-ref.js";

/** `/phoenix sync` on its own line of an issue or pull request comment. */
const SYNC_COMMAND = /^\/phoenix\s+sync\s*$/m;

/**
 * `/phoenix sync` from a user who can push to the repository syncs the
 * default branch's head again, with a fresh count of attempts: the way to
 * retry a commit the reconcile loop left failed.
 */
export function registerSyncCommandHandler(app: Probot, runtime: AppRuntime): void {
  app.on("issue_comment.created", async (context) => {
    const { comment, sender } = context.payload;
    if (!SYNC_COMMAND.test(comment.body) || sender.type === "Bot") return;
    // A comment may hold `/phoenix plan` too: the plan handler accepts the delivery under its own id.
    const logger = acceptDelivery(runtime, { id: `${context.id}:sync`, name: context.name });
    if (!logger) return;
    const repo = readRepoRef(context.payload.repository, context.payload.installation);
    if (!repo) return;
    const octokit = context.octokit;
    const key = formatRepoKey(repo);
    void runtime.queue.enqueueRun(key, async () => {
      if (!(await hasWriteAccess(octokit, repo, sender.login, logger))) {
        logger.info({ user: sender.login }, "sync command without write access ignored");
        return;
      }
      const source = await openRepoSource(octokit, repo, { cacheDir: runtime.cacheDir, logger });
      const { commit } = await source.fetchRef(`refs/heads/${repo.defaultBranch}`);
      runtime.attempts.forget(key);
      logger.info({ commit, user: sender.login }, "sync command accepted");
      // Not awaited: the sync queues behind this run in the same lane.
      void enqueueSync(octokit, repo, runtime, logger, { commit, trigger: "command" });
    });
  });
}
