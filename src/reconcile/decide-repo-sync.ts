import type { SyncAttempt } from "./sync-attempts.js";

/** The last `phoenix/sync` state GitHub holds for a commit; undefined when it has none. */
export type CommitSyncState = "pending" | "success" | "failure" | "error" | undefined;

export interface RepoSyncFacts {
  /** The default branch's head. */
  readonly head: string;
  /** The commit the sync record says the live system was last changed from. */
  readonly recordCommit: string | undefined;
  /** `reconcile.intervalSeconds` at the head; 0 suspends automatic syncs. */
  readonly intervalSeconds: number;
  /** What this process remembers of the repository's newest sync. */
  readonly attempt: SyncAttempt | undefined;
  /** `phoenix/sync` on the head; only looked up when the other facts do not decide. */
  readonly headState: CommitSyncState;
  /** Older commits of the branch left with a pending `phoenix/sync` (a restart found them). */
  readonly pendingOlder: readonly string[];
  readonly nowMs: number;
}

export type SyncReason =
  /** The head has no `phoenix/sync` at all and the live system was not synced from it: its push was never handled. */
  | "missed-push"
  /** A sync was left pending (the app stopped mid-way): finish it. */
  | "resume"
  /** The head's sync failed and its backoff is over. */
  | "retry";

export type SyncDecision =
  | { readonly action: "sync"; readonly reason: SyncReason; readonly superseded: readonly string[] }
  | { readonly action: "none"; readonly why: string; readonly pendingOlder: readonly string[] };

/**
 * Whether the reconcile loop syncs a repository now. The sync record says
 * what the live system was synced from, the app's memory which commits it
 * tried, and GitHub's statuses what a previous process left unfinished:
 *
 * - the head is being synced, or was tried (succeeded, or failed for good) → nothing;
 * - its failed sync is due for a retry → sync again;
 * - a sync was left pending (head or older commits) → finish it, even while
 *   automatic syncs are suspended: it was asked for by a push;
 * - the head has a final status, or the record already has it → nothing
 *   (a failed head stays failed until a new commit or `/phoenix sync`);
 * - otherwise its push was missed → sync it, unless automatic syncs are suspended.
 *
 * With nothing to sync, `pendingOlder` lists the commits that still need a
 * final status (given the head's).
 */
export function decideRepoSync(facts: RepoSyncFacts): SyncDecision {
  const { head, attempt, pendingOlder } = facts;
  const none = (why: string): SyncDecision => ({ action: "none", why, pendingOlder });
  if (attempt?.commit === head) {
    if (attempt.phase === "running") return none("sync queued or running");
    if (attempt.phase === "succeeded") return none("synced");
    if (attempt.phase === "failed") return none("failed for good: waiting for a new commit or /phoenix sync");
    if ((attempt.retryAtMs ?? Infinity) <= facts.nowMs) return { action: "sync", reason: "retry", superseded: [...attempt.superseded, ...pendingOlder] };
    return none("retry not due yet");
  }
  if (facts.headState === "pending") return { action: "sync", reason: "resume", superseded: pendingOlder };
  if (facts.headState !== undefined) {
    // A final status on the head: older pending commits get it too, without deploying anything.
    return none(`head has a final phoenix/sync (${facts.headState})`);
  }
  if (facts.recordCommit === head) {
    return pendingOlder.length > 0 ? { action: "sync", reason: "resume", superseded: pendingOlder } : none("the record has the head");
  }
  if (facts.intervalSeconds === 0) return none("automatic syncs suspended");
  return { action: "sync", reason: "missed-push", superseded: pendingOlder };
}
