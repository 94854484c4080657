import type { CommitSyncState } from "../../reconcile/decide-repo-sync.js";
import type { GitHubClient, RepoRef } from "./repo-ref.js";
import { SYNC_CONTEXT } from "./status-contexts.js";

/** How far back a restarted app looks for commits left with a pending `phoenix/sync`. */
export const PENDING_LOOKBACK_COMMITS = 10;

export interface CommitSyncStatus {
  readonly state: CommitSyncState;
  readonly description: string;
}

/** The last `phoenix/sync` status of a commit (the combined status keeps the newest per context). */
export async function readCommitSyncStatus(octokit: GitHubClient, ref: RepoRef, sha: string): Promise<CommitSyncStatus> {
  const answer = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/status", { owner: ref.owner, repo: ref.repo, ref: sha, per_page: 100 });
  const status = answer.data.statuses.find((s) => s.context === SYNC_CONTEXT);
  return { state: status ? toSyncState(status.state) : undefined, description: status?.description ?? "" };
}

export interface PendingSyncs {
  readonly head: CommitSyncStatus;
  /** Older commits of the branch whose `phoenix/sync` is still pending, newest first. */
  readonly pendingOlder: readonly string[];
}

/**
 * What a previous process left unfinished: the head's `phoenix/sync`, and the
 * recent commits of the default branch whose status is still pending (a
 * restart, a kill -9). Walks back from the head and stops at the first
 * commit with a final status: everything before it was settled in order.
 */
export async function findPendingSyncs(octokit: GitHubClient, ref: RepoRef, head: string): Promise<PendingSyncs> {
  const listed = await octokit.request("GET /repos/{owner}/{repo}/commits", { owner: ref.owner, repo: ref.repo, sha: ref.defaultBranch, per_page: PENDING_LOOKBACK_COMMITS });
  const shas = listed.data.map((c) => c.sha).filter((sha) => sha !== head);
  const headStatus = await readCommitSyncStatus(octokit, ref, head);
  const pendingOlder: string[] = [];
  for (const sha of shas) {
    const { state } = await readCommitSyncStatus(octokit, ref, sha);
    if (state === "pending") pendingOlder.push(sha);
    else if (state !== undefined) break;
  }
  return { head: headStatus, pendingOlder };
}

function toSyncState(state: string): CommitSyncState {
  return state === "pending" || state === "success" || state === "failure" || state === "error" ? state : undefined;
}
