import type { Logger } from "../../logger.js";
import { MAX_SYNC_ATTEMPTS } from "../../reconcile/sync-attempts.js";
import type { AppRuntime } from "../runtime/app-options.js";
import { setCommitStatus, type CommitState } from "../api/commit-status.js";
import { postResultPart } from "./post-result-part.js";
import { formatRepoKey, type GitHubClient, type RepoRef } from "../api/repo-ref.js";
import type { PendingPush } from "../runtime/run-queue.js";
import { SYNC_CONTEXT, syncPush, type SyncPushOutcome } from "./sync-push.js";

/** What asked for a sync; it words the pending status. */
export type SyncTrigger = "push" | "missed-push" | "resume" | "retry" | "command";

const PENDING_DESCRIPTION: Readonly<Record<SyncTrigger, string>> = {
  push: "queued for deployment",
  "missed-push": "queued for deployment: found by the reconcile loop (no push event arrived)",
  resume: "queued for deployment again: the previous run was interrupted",
  retry: "queued for another attempt",
  command: "queued for deployment: /phoenix sync",
};

export interface SyncRequest {
  readonly commit: string;
  readonly trigger: SyncTrigger;
  /** Older commits this sync settles as well ("superseded by"). */
  readonly superseded?: readonly string[];
}

/**
 * Queues the sync of a default-branch commit in the repository's sync lane,
 * whatever asked for it (a push, the reconcile loop, a retry, `/phoenix
 * sync`): the pending `phoenix/sync` goes out at once, outside the lane (the
 * webhook is answered before any GitHub call), and the same sync a push runs
 * follows, with one attempt per commit and retries with backoff.
 */
export function enqueueSync(octokit: GitHubClient, ref: RepoRef, runtime: AppRuntime, logger: Logger, request: SyncRequest): Promise<void> {
  const key = formatRepoKey(ref);
  const queued = runtime.attempts.queue(key, request.commit, request.superseded ?? []);
  const announce = (sha: string) =>
    postResultPart(
      "set pending status",
      () => setCommitStatus(octokit, { owner: ref.owner, repo: ref.repo, sha, context: SYNC_CONTEXT }, { state: "pending", description: PENDING_DESCRIPTION[request.trigger] }),
      { metrics: runtime.metrics, logger },
    ).then(() => undefined);
  return runtime.queue.enqueuePush(key, request.commit, (push) => runSyncAttempt(octokit, ref, push, runtime, logger), { announce, superseded: queued.superseded });
}

async function runSyncAttempt(octokit: GitHubClient, ref: RepoRef, push: PendingPush, runtime: AppRuntime, logger: Logger): Promise<void> {
  const key = formatRepoKey(ref);
  const attempt = runtime.attempts.start(key, push.after);
  await syncPush(octokit, ref, push, runtime, logger, { onOutcome: (outcome) => judgeOutcome(runtime, key, attempt, outcome, logger) });
}

/** The status a finished attempt gets: pending while a retry follows; a final failure says it stays failed. */
function judgeOutcome(runtime: AppRuntime, key: string, attempt: number, outcome: SyncPushOutcome, logger: Logger): { state: CommitState; description: string } | undefined {
  const intervalSeconds = outcome.settings?.reconcile.intervalSeconds ?? 0;
  const { retryInMs } = runtime.attempts.finish(key, outcome.commit, { ok: outcome.ok, retryable: outcome.retryable, intervalSeconds }, runtime.now());
  if (outcome.ok) return undefined;
  if (retryInMs !== undefined) {
    const seconds = Math.round(retryInMs / 1000);
    logger.warn({ commit: outcome.commit, attempt, retryInSeconds: seconds }, "sync failed, retry scheduled");
    return { state: "pending", description: `attempt ${attempt} of ${MAX_SYNC_ATTEMPTS} failed, retrying in ${seconds} s: ${outcome.description}` };
  }
  if (!outcome.retryable) return undefined;
  logger.warn({ commit: outcome.commit, attempt }, "sync left failed");
  const why = attempt > 1 ? `failed ${attempt} times` : "failed";
  return { state: "failure", description: `${why}, left failed until a new commit or /phoenix sync: ${outcome.description}` };
}
