import { createRunLogger } from "../../logger.js";
import { decideRepoSync } from "../../reconcile/decide-repo-sync.js";
import type { ReconcilePass } from "../../reconcile/reconcile-loop.js";
import { readSyncRecord } from "../../reconcile/sync-record-store.js";
import { loadRepoSettings } from "../../settings/load-repo-settings.js";
import type { AppRuntime } from "../runtime/app-options.js";
import { checkRepoHealth } from "./check-repo-health.js";
import { setCommitStatus } from "../api/commit-status.js";
import { enqueueSync } from "./enqueue-sync.js";
import { openRepoSource } from "../api/open-repo-source.js";
import { postResultPart } from "./post-result-part.js";
import { findPendingSyncs, readCommitSyncStatus, type CommitSyncStatus } from "../api/read-sync-statuses.js";
import { formatRepoKey, type GitHubClient, type RepoRef } from "../api/repo-ref.js";
import { SYNC_CONTEXT } from "./sync-push.js";

/** A repository the app is installed on, with a client of its installation. */
export interface InstalledRepo {
  readonly ref: RepoRef;
  readonly octokit: GitHubClient;
}

/**
 * One reconcile pass over a repository: fetch the default branch, read its
 * settings and the instance's sync record, and decide (`decideRepoSync`)
 * whether to queue the same sync a push would; then, when due, queue the
 * health check (with self-heal) in the repository's sync lane. In the steady
 * state a pass costs one fetch and one swarm read, and no GitHub API call.
 */
export async function reconcileRepo(repo: InstalledRepo, pass: ReconcilePass, runtime: AppRuntime, lastHealthMs: Map<string, number>): Promise<{ intervalSeconds: number }> {
  const { ref, octokit } = repo;
  const key = formatRepoKey(ref);
  const nowMs = runtime.now();
  const logger = createRunLogger(runtime.logger, `reconcile-${key}-${nowMs}`, { repo: key });
  const source = await openRepoSource(octokit, ref, { cacheDir: runtime.cacheDir, logger });
  const { commit: head } = await source.fetchRef(`refs/heads/${ref.defaultBranch}`);
  const { settings } = await loadRepoSettings(source.openTree(head));
  const record = (await readSyncRecord(await runtime.openPort(), settings.instance))?.record;
  // A record left `running` was cut off: the live system is not known to be at its commit.
  const recordCommit = record?.result === "running" ? undefined : record?.commit;
  const attempt = runtime.attempts.get(key);

  let headStatus: CommitSyncStatus | undefined;
  let pendingOlder: readonly string[] = [];
  if (pass.first) ({ head: headStatus, pendingOlder } = await findPendingSyncs(octokit, ref, head));
  else if (attempt?.commit !== head && recordCommit !== head) headStatus = await readCommitSyncStatus(octokit, ref, head);

  const decision = decideRepoSync({ head, recordCommit, intervalSeconds: settings.reconcile.intervalSeconds, attempt, headState: headStatus?.state, pendingOlder, nowMs });
  if (decision.action === "sync") {
    logger.info({ head, reason: decision.reason, superseded: decision.superseded.length }, "reconcile sync queued");
    void enqueueSync(octokit, ref, runtime, logger, { commit: head, trigger: decision.reason, superseded: decision.superseded });
  } else {
    logger.debug({ head, why: decision.why }, "nothing to sync");
    const state = headStatus?.state;
    if (state !== undefined && state !== "pending" && attempt?.commit !== head) runtime.attempts.settle(key, head, state === "success" ? "succeeded" : "failed");
    if (state !== undefined && state !== "pending") {
      // Commits a stopped process left pending get the head's final result, as superseded ones always do.
      for (const sha of decision.pendingOlder) {
        const description = `superseded by ${head.slice(0, 7)}: ${headStatus?.description ?? ""}`;
        await postResultPart("set commit status", () => setCommitStatus(octokit, { owner: ref.owner, repo: ref.repo, sha, context: SYNC_CONTEXT }, { state, description }), { metrics: runtime.metrics, logger });
      }
    }
  }

  // Health is checked every drift interval; with self-heal on, every pass, so drift is put back within one interval.
  const driftMs = settings.drift.intervalMinutes * 60_000;
  const healthEveryMs = settings.reconcile.selfHeal && settings.reconcile.intervalSeconds > 0 ? Math.min(driftMs, settings.reconcile.intervalSeconds * 1000) : driftMs;
  if (driftMs > 0 && nowMs - (lastHealthMs.get(key) ?? -Infinity) >= healthEveryMs) {
    lastHealthMs.set(key, nowMs);
    const synced = runtime.attempts.get(key);
    const canHeal = synced?.commit === head ? synced.phase === "succeeded" : record?.commit === head && record.result === "success";
    void runtime.queue.enqueueRun(key, async () => {
      try {
        await checkRepoHealth(octokit, ref, runtime, logger, { canHeal });
      } catch (err) {
        runtime.metrics.failures.inc({ kind: "drift" });
        logger.error({ err }, "health check failed");
      }
    });
  }
  return { intervalSeconds: settings.reconcile.intervalSeconds };
}
