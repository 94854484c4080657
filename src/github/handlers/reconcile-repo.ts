import { createRunLogger } from "../../logger.js";
import { decideRepoSync } from "../../reconcile/decide-repo-sync.js";
import type { ReconcilePass } from "../../reconcile/reconcile-loop.js";
import { readSyncRecord } from "../../reconcile/sync-record-store.js";
import { loadRepoSettings } from "../../settings/load-repo-settings.js";
import type { AppRuntime } from "../runtime/app-options.js";
import { checkRepoHealth } from "./check-repo-health.js";
import { checkRepoCertificates } from "./check-repo-certificates.js";
import { createMemoryBackoffStore, type BackoffStore } from "../../certs/issuance-backoff.js";
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

/** What the loop remembers of each repository between passes (in memory: a restart checks everything again). */
export interface ReconcileMemory {
  readonly lastHealthMs: Map<string, number>;
  readonly lastCertificatesMs: Map<string, number>;
  /** Failed certificate issuances per repository: a failing CA is asked again only after its backoff. */
  readonly certificateBackoff: Map<string, BackoffStore>;
}

export function createReconcileMemory(): ReconcileMemory {
  return { lastHealthMs: new Map(), lastCertificatesMs: new Map(), certificateBackoff: new Map() };
}

/**
 * How often the certificates of a repository that manages them are read
 * (on every target that holds one) and renewed when due: renewal windows
 * are days long, so a quarter of an hour is soon enough and costs the
 * targets little. The first pass of a process checks them at once.
 */
export const CERTIFICATE_CHECK_EVERY_MS = 15 * 60_000;

/**
 * One reconcile pass over a repository: fetch the default branch, read its
 * settings and the instance's sync record, and decide (`decideRepoSync`)
 * whether to queue the same sync a push would; then, when due, queue the
 * health check (with self-heal) and, for a repository that manages
 * certificates, the certificate check and renewals, in the repository's sync
 * lane: neither ever overlaps a sync. In the steady
 * state a pass costs one fetch and one swarm read, and no GitHub API call.
 */
export async function reconcileRepo(repo: InstalledRepo, pass: ReconcilePass, runtime: AppRuntime, memory: ReconcileMemory): Promise<{ intervalSeconds: number }> {
  const { lastHealthMs } = memory;
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
  if (settings.certificates !== undefined && nowMs - (memory.lastCertificatesMs.get(key) ?? -Infinity) >= CERTIFICATE_CHECK_EVERY_MS) {
    memory.lastCertificatesMs.set(key, nowMs);
    const backoff = memory.certificateBackoff.get(key) ?? createMemoryBackoffStore();
    memory.certificateBackoff.set(key, backoff);
    // Renewals are automatic changes: `intervalSeconds: 0` suspends them too, and the status says what is due.
    const renew = settings.reconcile.intervalSeconds > 0;
    void runtime.queue.enqueueRun(key, async () => {
      try {
        await checkRepoCertificates(octokit, ref, runtime, logger, { renew, backoff });
      } catch (err) {
        runtime.metrics.failures.inc({ kind: "certificates" });
        logger.error({ err }, "certificate check failed");
      }
    });
  }
  return { intervalSeconds: settings.reconcile.intervalSeconds };
}
