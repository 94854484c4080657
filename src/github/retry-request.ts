import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../logger.js";

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Delay before the second attempt; doubled before each next one. */
  readonly baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 1000 };

/**
 * Runs `send` until it succeeds, backing off exponentially: a plan or a sync
 * result is posted even when GitHub answers 5xx for a while. Client errors
 * other than rate limits are not retried, since they would fail the same way.
 */
export async function retryRequest<T>(what: string, send: () => Promise<T>, options: RetryOptions, logger: Logger): Promise<T> {
  let attempt = 1;
  for (;;) {
    try {
      return await send();
    } catch (err) {
      const status = readStatus(err);
      const retryable = status === undefined || status >= 500 || status === 429 || status === 403;
      if (!retryable || attempt >= options.attempts) throw err;
      const delayMs = options.baseDelayMs * 2 ** (attempt - 1);
      logger.warn({ what, status, attempt, delayMs }, "github request retried");
      await sleep(delayMs);
      attempt += 1;
    }
  }
}

function readStatus(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null || !("status" in err)) return undefined;
  return typeof err.status === "number" ? err.status : undefined;
}
