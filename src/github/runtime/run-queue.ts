import type { Logger } from "../../logger.js";

/** One push waiting for its sync: the newest commit, and the older ones it stands in for. */
export interface PendingPush {
  readonly after: string;
  /** Commits pushed earlier whose sync never started: they get the newest run's result, "superseded by". */
  readonly superseded: readonly string[];
  /** Settles once the pending statuses of these commits were posted (or given up): final statuses go after it. */
  readonly announced?: Promise<void>;
}

/**
 * Each repository has two lanes: syncs (deploys, health checks, self-heal)
 * and plans. Runs of one lane never overlap; the lanes run side by side, so a
 * deploy never waits behind pull-request plans.
 */
export type RunLane = "sync" | "plan";

export interface RunQueue {
  /** Runs `job` after every run already queued in the repository's `lane` (default: the sync lane). */
  enqueueRun(key: string, job: () => Promise<void>, lane?: RunLane): Promise<void>;
  /**
   * Queues a plan in the repository's plan lane. While a plan of the same
   * pull request waits to start, a newer one replaces it: a burst of
   * synchronize events plans only the latest head.
   */
  enqueuePlan(key: string, pullRequest: number, job: () => Promise<void>, options?: PlanOptions): Promise<void>;
  /**
   * Queues a sync of `after` in the sync lane. While a sync of the same
   * repository waits to start, a newer push replaces its commit: a burst
   * deploys only the newest.
   */
  enqueuePush(key: string, after: string, sync: (push: PendingPush) => Promise<void>, options?: PushOptions): Promise<void>;
  /** Resolves when nothing is running or queued (tests, shutdown). */
  waitForIdle(): Promise<void>;
}

export interface PlanOptions {
  /** The head this plan is for; a waiting plan of another head that it replaces is told (`onSuperseded`). */
  readonly head?: string;
  /** Called, outside the lanes, when a newer head replaced this waiting plan: it answers for the head that is never planned. */
  readonly onSuperseded?: (by: string) => Promise<void>;
}

export interface PushOptions {
  /** Posts the pending status: run at once, in order per repository, outside the lanes; nothing waits for it but the final statuses. */
  readonly announce?: (sha: string) => Promise<void>;
  /** Older commits this sync also stands in for (pending ones found after a restart, a retried commit's own). */
  readonly superseded?: readonly string[];
}

interface PushSlot {
  after: string;
  superseded: string[];
  readonly done: Promise<void>;
}

/**
 * Where a repository's first queued work starts: after the current I/O turn,
 * so the webhook handler that queued it has answered GitHub before any
 * GitHub call (a slow GitHub must not push the answer past its 10 s timeout).
 */
function afterAnswer(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function createRunQueue(logger: Logger): RunQueue {
  const tails = new Map<string, Promise<void>>();
  const waitingPushes = new Map<string, PushSlot>();
  const waitingPlans = new Map<string, { job: () => Promise<void>; options: PlanOptions; readonly done: Promise<void> }>();
  const announcements = new Map<string, Promise<void>>();
  const running = new Set<Promise<void>>();

  const track = (run: Promise<void>): void => {
    running.add(run);
    void run.finally(() => running.delete(run));
  };

  const enqueueRun = (key: string, job: () => Promise<void>, lane: RunLane = "sync"): Promise<void> => {
    const tailKey = `${lane}\n${key}`;
    const previous = tails.get(tailKey) ?? afterAnswer();
    const run = previous.then(job).catch((err: unknown) => {
      logger.error({ repo: key, lane, err }, "queued run failed");
    });
    tails.set(tailKey, run);
    track(run);
    void run.finally(() => {
      if (tails.get(tailKey) === run) tails.delete(tailKey);
    });
    return run;
  };

  const announce = (key: string, sha: string, post: (sha: string) => Promise<void>): Promise<void> => {
    const previous = announcements.get(key) ?? afterAnswer();
    const posted = previous.then(() => post(sha)).catch((err: unknown) => logger.error({ repo: key, sha, err }, "pending status failed"));
    announcements.set(key, posted);
    track(posted);
    void posted.finally(() => {
      if (announcements.get(key) === posted) announcements.delete(key);
    });
    return posted;
  };

  return {
    enqueueRun,
    enqueuePlan(key, pullRequest, job, options = {}) {
      const slotKey = `${key}#${pullRequest}`;
      const waiting = waitingPlans.get(slotKey);
      if (waiting) {
        const replaced = waiting.options;
        // Only a newer head supersedes: a Re-run or `/phoenix plan` (no head of its own) plans the current head anyway.
        if (replaced.onSuperseded && options.head !== undefined && replaced.head !== options.head) {
          const by = options.head;
          const answered = afterAnswer().then(() => replaced.onSuperseded?.(by));
          track(answered.catch((err: unknown) => logger.error({ repo: key, pr: pullRequest, err }, "superseded plan not answered")));
        }
        waiting.job = job;
        waiting.options = options;
        logger.info({ repo: key, pr: pullRequest }, "plan coalesced");
        return waiting.done;
      }
      const slot = { job, options, done: Promise.resolve() };
      const done = enqueueRun(
        key,
        () => {
          waitingPlans.delete(slotKey);
          return slot.job();
        },
        "plan",
      );
      waitingPlans.set(slotKey, Object.assign(slot, { done }));
      return done;
    },
    enqueuePush(key, after, sync, options = {}) {
      if (options.announce) void announce(key, after, options.announce);
      const waiting = waitingPushes.get(key);
      if (waiting) {
        const older = [...(waiting.after === after ? [] : [waiting.after]), ...(options.superseded ?? [])];
        for (const sha of older) if (sha !== after && !waiting.superseded.includes(sha)) waiting.superseded.push(sha);
        waiting.after = after;
        logger.info({ repo: key, after }, "push coalesced");
        return waiting.done;
      }
      const slot: PushSlot = { after, superseded: (options.superseded ?? []).filter((sha) => sha !== after), done: Promise.resolve() };
      const done = enqueueRun(key, async () => {
        waitingPushes.delete(key);
        const announced = announcements.get(key);
        await sync({ after: slot.after, superseded: [...slot.superseded], ...(announced ? { announced } : {}) });
      });
      waitingPushes.set(key, Object.assign(slot, { done }));
      return done;
    },
    async waitForIdle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
