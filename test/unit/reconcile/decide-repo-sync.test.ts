import { describe, expect, it } from "vitest";
import { decideRepoSync, type RepoSyncFacts } from "../../../src/reconcile/decide-repo-sync.js";
import { computeRetryDelayMs, createSyncAttempts, MAX_SYNC_ATTEMPTS } from "../../../src/reconcile/sync-attempts.js";

const HEAD = "h".repeat(40);
const OLD = "o".repeat(40);
const facts = (extra: Partial<RepoSyncFacts> = {}): RepoSyncFacts => ({
  head: HEAD,
  recordCommit: OLD,
  intervalSeconds: 180,
  attempt: undefined,
  headState: undefined,
  pendingOlder: [],
  nowMs: 1_000_000,
  ...extra,
});

describe("decideRepoSync", () => {
  it("syncs a head whose push never arrived: no status, and the record has another commit", () => {
    expect(decideRepoSync(facts())).toEqual({ action: "sync", reason: "missed-push", superseded: [] });
  });

  it("leaves a missed head alone while automatic syncs are suspended, but finishes a pending one", () => {
    expect(decideRepoSync(facts({ intervalSeconds: 0 }))).toMatchObject({ action: "none", why: "automatic syncs suspended" });
    expect(decideRepoSync(facts({ intervalSeconds: 0, headState: "pending", pendingOlder: [OLD] }))).toEqual({ action: "sync", reason: "resume", superseded: [OLD] });
  });

  it("does nothing when the record has the head, or the head has a final status (a failed head stays failed)", () => {
    expect(decideRepoSync(facts({ recordCommit: HEAD }))).toMatchObject({ action: "none" });
    expect(decideRepoSync(facts({ headState: "failure" }))).toMatchObject({ action: "none" });
    expect(decideRepoSync(facts({ headState: "success", pendingOlder: [OLD] }))).toMatchObject({ action: "none", pendingOlder: [OLD] });
  });

  it("finishes older commits left pending even when the record has the head: a no-op sync gives them their status", () => {
    expect(decideRepoSync(facts({ recordCommit: HEAD, pendingOlder: [OLD] }))).toEqual({ action: "sync", reason: "resume", superseded: [OLD] });
  });

  it("follows its own attempts: nothing while running, after success or final failure; a retry once its backoff is over", () => {
    const at = (phase: "running" | "succeeded" | "failed" | "retrying", retryAtMs?: number) => ({ commit: HEAD, attempts: 1, phase, superseded: [OLD], ...(retryAtMs === undefined ? {} : { retryAtMs }) });
    for (const phase of ["running", "succeeded", "failed"] as const) expect(decideRepoSync(facts({ attempt: at(phase), headState: "pending" })).action).toBe("none");
    expect(decideRepoSync(facts({ attempt: at("retrying", 1_000_001) })).action).toBe("none");
    expect(decideRepoSync(facts({ attempt: at("retrying", 1_000_000) }))).toEqual({ action: "sync", reason: "retry", superseded: [OLD] });
  });
});

describe("createSyncAttempts", () => {
  it("retries a failed commit after 1, 2 and 4 intervals, then leaves it failed", () => {
    const attempts = createSyncAttempts();
    let now = 0;
    attempts.queue("o/r", HEAD);
    const delays: (number | undefined)[] = [];
    for (let n = 1; n <= MAX_SYNC_ATTEMPTS; n += 1) {
      expect(attempts.start("o/r", HEAD)).toBe(n);
      const { retryInMs } = attempts.finish("o/r", HEAD, { ok: false, retryable: true, intervalSeconds: 10 }, now);
      delays.push(retryInMs);
      expect(attempts.listDueRetries(now + (retryInMs ?? 0) - 1)).toEqual([]);
      if (retryInMs !== undefined) expect(attempts.listDueRetries((now += retryInMs))).toEqual(["o/r"]);
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, undefined]);
    expect(attempts.get("o/r")?.phase).toBe("failed");
    expect(computeRetryDelayMs(1, 180)).toBe(180_000);
  });

  it("never retries an invalid config, nor anything while automatic syncs are suspended", () => {
    const attempts = createSyncAttempts();
    attempts.start("o/r", HEAD);
    expect(attempts.finish("o/r", HEAD, { ok: false, retryable: false, intervalSeconds: 10 }, 0).retryInMs).toBeUndefined();
    attempts.start("o/r", OLD);
    expect(attempts.finish("o/r", OLD, { ok: false, retryable: true, intervalSeconds: 0 }, 0).retryInMs).toBeUndefined();
    expect(attempts.get("o/r")?.phase).toBe("failed");
  });

  it("counts again from one for a new commit, carrying a commit left pending by a retry", () => {
    const attempts = createSyncAttempts();
    attempts.start("o/r", OLD);
    attempts.finish("o/r", OLD, { ok: false, retryable: true, intervalSeconds: 10 }, 0);
    expect(attempts.queue("o/r", HEAD).superseded).toEqual([OLD]);
    expect(attempts.start("o/r", HEAD)).toBe(1);
    attempts.finish("o/r", HEAD, { ok: true, retryable: true, intervalSeconds: 10 }, 0);
    expect(attempts.get("o/r")).toMatchObject({ commit: HEAD, phase: "succeeded", superseded: [] });
    attempts.forget("o/r");
    expect(attempts.get("o/r")).toBeUndefined();
  });
});
