import type { Logger } from "../../logger.js";

/** One push waiting for its sync: the newest commit, and the older ones it stands in for. */
export interface PendingPush {
  readonly after: string;
  /** Commits pushed earlier whose sync never started: they get the newest run's result, "superseded by". */
  readonly superseded: readonly string[];
}

export interface RunQueue {
  /** Runs `job` after every run already queued for `key` (one run at a time per repository). */
  enqueueRun(key: string, job: () => Promise<void>): Promise<void>;
  /**
   * Queues a sync of `after`. While a sync of the same repository waits to
   * start, a newer push replaces its commit: a burst deploys only the newest.
   */
  enqueuePush(key: string, after: string, sync: (push: PendingPush) => Promise<void>): Promise<void>;
  /** Resolves when nothing is running or queued (tests, shutdown). */
  waitForIdle(): Promise<void>;
}

interface PushSlot {
  after: string;
  superseded: string[];
  readonly done: Promise<void>;
}

export function createRunQueue(logger: Logger): RunQueue {
  const tails = new Map<string, Promise<void>>();
  const waitingPushes = new Map<string, PushSlot>();
  const running = new Set<Promise<void>>();

  const enqueueRun = (key: string, job: () => Promise<void>): Promise<void> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(job).catch((err: unknown) => {
      logger.error({ repo: key, err }, "queued run failed");
    });
    tails.set(key, run);
    running.add(run);
    void run.finally(() => {
      running.delete(run);
      if (tails.get(key) === run) tails.delete(key);
    });
    return run;
  };

  return {
    enqueueRun,
    enqueuePush(key, after, sync) {
      const waiting = waitingPushes.get(key);
      if (waiting) {
        waiting.superseded.push(waiting.after);
        waiting.after = after;
        logger.info({ repo: key, after }, "push coalesced");
        return waiting.done;
      }
      const slot: PushSlot = { after, superseded: [], done: Promise.resolve() };
      const done = enqueueRun(key, async () => {
        waitingPushes.delete(key);
        await sync({ after: slot.after, superseded: [...slot.superseded] });
      });
      waitingPushes.set(key, Object.assign(slot, { done }));
      return done;
    },
    async waitForIdle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
