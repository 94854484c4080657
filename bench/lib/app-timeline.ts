/**
 * When each thing a benchmark waits for happened: the requests the fake
 * GitHub recorded (comments, check runs, statuses) and the app's log records,
 * all on one clock (milliseconds since the epoch, sub-millisecond precision
 * on this side; pino's `time` on the app's side).
 */
import type { FakeGitHub, RecordedRequest } from "../../test/helpers/fake-github/fake-github-server.js";
import { watchRecordedRequests } from "../../test/helpers/fake-github/watch-recorded-requests.js";
import type { LogRecord } from "./bench-app.js";

export const nowMs = (): number => performance.timeOrigin + performance.now();

export interface TimedRequest extends RecordedRequest {
  readonly at: number;
}

export interface TimedStatus {
  readonly at: number;
  readonly state: string;
  readonly description: string;
}

export interface AppTimeline {
  /** Every request the fake recorded, in order. */
  readonly requests: readonly TimedRequest[];
  /** Plan comment writes (create or edit) by the head commit their body names (`Commit <sha>`). */
  readonly commentWrites: ReadonlyMap<string, readonly TimedRequest[]>;
  /** `<check name> <head sha>` → when the run was created, and when it was completed with which conclusion. */
  readonly checksCreated: ReadonlyMap<string, number>;
  readonly checksCompleted: ReadonlyMap<string, { readonly at: number; readonly conclusion: string }>;
  /** Commit statuses of one context, by sha, in order. */
  statusesOf(context: string, sha: string): readonly TimedStatus[];
  /** The app's log records of one delivery (its `runId`). */
  logsOf(runId: string): readonly LogRecord[];
  readonly onLog: (record: LogRecord) => void;
  /** Resolves once `done()` holds (checked after each request and log record); rejects after `timeoutMs` with `describe()`. */
  waitUntil(done: () => boolean, timeoutMs: number, describe: () => string): Promise<void>;
  stop(): void;
}

const COMMENT_WRITES = new Set(["issues/update-comment", "issues/create-comment"]);
const HEAD_IN_COMMENT = /\bCommit ([0-9a-f]{40})\b/;

export function createAppTimeline(github: FakeGitHub): AppTimeline {
  const requests: TimedRequest[] = [];
  const commentWrites = new Map<string, TimedRequest[]>();
  const checksCreated = new Map<string, number>();
  const checksCompleted = new Map<string, { at: number; conclusion: string }>();
  const statuses = new Map<string, TimedStatus[]>();
  const logs = new Map<string, LogRecord[]>();
  let waiters: { done: () => boolean; resolve: () => void }[] = [];

  const settle = () => {
    if (waiters.length === 0) return;
    waiters = waiters.filter((w) => (w.done() ? (w.resolve(), false) : true));
  };

  const onRequest = (request: RecordedRequest) => {
    const timed: TimedRequest = { ...request, at: nowMs() };
    requests.push(timed);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (COMMENT_WRITES.has(request.operationId) && typeof body.body === "string") {
      const head = HEAD_IN_COMMENT.exec(body.body)?.[1];
      if (head !== undefined) commentWrites.set(head, [...(commentWrites.get(head) ?? []), timed]);
    }
    if (request.operationId === "checks/create" && request.status < 300) checksCreated.set(`${String(body.name)} ${String(body.head_sha)}`, timed.at);
    if (request.operationId === "checks/update" && body.status === "completed") {
      // The fake updated its state before recording: the run's name and head are there.
      const id = Number(request.path.split("/").at(-1));
      const run = github.state.checkRuns.find((r) => r.id === id);
      if (run) checksCompleted.set(`${run.name} ${run.headSha}`, { at: timed.at, conclusion: String(body.conclusion) });
    }
    if (request.operationId === "repos/create-commit-status") {
      const key = `${String(body.context)} ${request.path.split("/").at(-1) ?? ""}`;
      statuses.set(key, [...(statuses.get(key) ?? []), { at: timed.at, state: String(body.state), description: String(body.description ?? "") }]);
    }
    settle();
  };
  const unwatch = watchRecordedRequests(github, onRequest);

  return {
    requests,
    commentWrites,
    checksCreated,
    checksCompleted,
    statusesOf: (context, sha) => statuses.get(`${context} ${sha}`) ?? [],
    logsOf: (runId) => logs.get(runId) ?? [],
    onLog(record) {
      if (typeof record.runId === "string") logs.set(record.runId, [...(logs.get(record.runId) ?? []), record]);
      settle();
    },
    waitUntil(done, timeoutMs, describe) {
      if (done()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w.resolve !== finish);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.push({ done, resolve: finish });
      });
    },
    stop: unwatch,
  };
}
