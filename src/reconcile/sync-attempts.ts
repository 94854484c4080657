/**
 * One automatic attempt per commit: what the app remembers of the newest
 * commit each repository was synced to, so that a failed sync is retried a
 * few times with backoff and then left failed — never redeployed and rolled
 * back every interval. In memory: after a restart, the commit statuses on
 * GitHub say what was left unfinished (a pending `phoenix/sync`).
 */

/** The first attempt and three retries. */
export const MAX_SYNC_ATTEMPTS = 4;

export type AttemptPhase =
  /** Queued or running. */
  | "running"
  | "succeeded"
  /** Failed; `retryAtMs` says when the next attempt is due. */
  | "retrying"
  /** Failed for good: until a new commit or `/phoenix sync`. */
  | "failed";

export interface SyncAttempt {
  readonly commit: string;
  /** Attempts started for this commit. */
  readonly attempts: number;
  readonly phase: AttemptPhase;
  readonly retryAtMs?: number;
  /** Older commits whose final status waits on this commit's (pending ones carried over to a retry). */
  readonly superseded: readonly string[];
}

export interface FinishedAttempt {
  readonly ok: boolean;
  /** False for a failure that a retry cannot fix (an invalid config). */
  readonly retryable: boolean;
  /** The repo's `reconcile.intervalSeconds` at the commit; 0 (suspended) means no retries. */
  readonly intervalSeconds: number;
}

export interface SyncAttempts {
  get(key: string): SyncAttempt | undefined;
  /** A sync of `commit` was queued: a new commit starts counting from zero; older pending commits ride along. */
  queue(key: string, commit: string, superseded?: readonly string[]): SyncAttempt;
  /** The attempt starts; returns its number (1 for the first). */
  start(key: string, commit: string): number;
  /** What the retry policy makes of a finished attempt; `retryInMs` when another attempt will follow. */
  finish(key: string, commit: string, result: FinishedAttempt, nowMs: number): { readonly retryInMs?: number; readonly attempt: number };
  /** Remembers a commit whose sync a previous process finished (its final status on GitHub), so it is not looked up again. */
  settle(key: string, commit: string, phase: "succeeded" | "failed"): void;
  /** Forgets a repository's commit (a `/phoenix sync` asks for a fresh start). */
  forget(key: string): void;
  /** Repositories whose retry is due at `nowMs`. */
  listDueRetries(nowMs: number): string[];
}

/** Retry k waits 2^(k-1) intervals after the attempt before it: 1, 2, then 4 intervals. */
export function computeRetryDelayMs(failedAttempt: number, intervalSeconds: number): number {
  return intervalSeconds * 1000 * 2 ** (failedAttempt - 1);
}

export function createSyncAttempts(): SyncAttempts {
  const byRepo = new Map<string, SyncAttempt>();
  return {
    get: (key) => byRepo.get(key),
    queue(key, commit, superseded = []) {
      const previous = byRepo.get(key);
      const same = previous?.commit === commit;
      // A commit left pending by a retry still needs its final status: the newer sync carries it.
      const carried = previous && !same && (previous.phase === "retrying" || previous.phase === "running") ? [previous.commit, ...previous.superseded] : same ? previous.superseded : [];
      const merged = [...new Set([...carried, ...superseded])].filter((sha) => sha !== commit);
      const next: SyncAttempt = { commit, attempts: same ? previous.attempts : 0, phase: "running", superseded: merged };
      byRepo.set(key, next);
      return next;
    },
    start(key, commit) {
      const current = byRepo.get(key);
      const attempts = current?.commit === commit ? current.attempts + 1 : 1;
      byRepo.set(key, { commit, attempts, phase: "running", superseded: current?.commit === commit ? current.superseded : [] });
      return attempts;
    },
    finish(key, commit, result, nowMs) {
      const current = byRepo.get(key);
      const attempt = current?.commit === commit ? current.attempts : 1;
      if (current !== undefined && current.commit !== commit) return { attempt };
      if (result.ok) {
        byRepo.set(key, { commit, attempts: attempt, phase: "succeeded", superseded: [] });
        return { attempt };
      }
      if (!result.retryable || result.intervalSeconds === 0 || attempt >= MAX_SYNC_ATTEMPTS) {
        byRepo.set(key, { commit, attempts: attempt, phase: "failed", superseded: [] });
        return { attempt };
      }
      const retryInMs = computeRetryDelayMs(attempt, result.intervalSeconds);
      byRepo.set(key, { commit, attempts: attempt, phase: "retrying", retryAtMs: nowMs + retryInMs, superseded: current?.superseded ?? [] });
      return { attempt, retryInMs };
    },
    settle(key, commit, phase) {
      if (byRepo.get(key)?.commit !== commit) byRepo.set(key, { commit, attempts: 0, phase, superseded: [] });
    },
    forget: (key) => void byRepo.delete(key),
    listDueRetries: (nowMs) => [...byRepo].filter(([, a]) => a.phase === "retrying" && (a.retryAtMs ?? Infinity) <= nowMs).map(([key]) => key),
  };
}
