import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../../logger.js";

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Delay before the second attempt; doubled before each next one. */
  readonly baseDelayMs: number;
  /** The longest wait Phoenix accepts from GitHub's `retry-after` or rate-limit reset; a longer one ends the retries (default 2 minutes). */
  readonly maxDelayMs?: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 120_000 };

const DEFAULT_MAX_DELAY_MS = 120_000;

/** What an Octokit `RequestError` carries that decides a retry. */
interface FailedRequest {
  readonly status: number | undefined;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly message: string;
}

/**
 * Runs `send` until it succeeds, backing off exponentially: a plan or a sync
 * result is posted even when GitHub answers 5xx for a while. A rate limit
 * (429, or a 403 that says so) waits at least as long as GitHub asks
 * (`retry-after`, `x-ratelimit-reset`). Other client errors are not retried,
 * since they would fail the same way.
 */
export async function retryRequest<T>(what: string, send: () => Promise<T>, options: RetryOptions, logger: Logger): Promise<T> {
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  let attempt = 1;
  for (;;) {
    try {
      return await send();
    } catch (err) {
      const failed = readFailedRequest(err);
      if (!isRetryable(failed) || attempt >= options.attempts) throw err;
      const askedMs = readRequestedDelayMs(failed.headers, Date.now());
      const delayMs = Math.max(options.baseDelayMs * 2 ** (attempt - 1), askedMs ?? 0);
      if (delayMs > maxDelayMs) {
        logger.warn({ what, status: failed.status, attempt, delayMs, maxDelayMs }, "github request not retried: wait too long");
        throw err;
      }
      logger.warn({ what, status: failed.status, attempt, delayMs }, "github request retried");
      await sleep(delayMs);
      attempt += 1;
    }
  }
}

/** Network errors (no status), server errors and rate limits; a 403 only when it is a rate limit, not a missing permission. */
function isRetryable(failed: FailedRequest): boolean {
  const { status } = failed;
  if (status === undefined || status >= 500 || status === 429) return true;
  if (status !== 403) return false;
  return failed.headers["retry-after"] !== undefined || String(failed.headers["x-ratelimit-remaining"]) === "0" || /rate limit/i.test(failed.message);
}

/** How long GitHub asked to wait: `retry-after` seconds, else until `x-ratelimit-reset` when the limit is used up. */
export function readRequestedDelayMs(headers: Readonly<Record<string, unknown>>, nowMs: number): number | undefined {
  const retryAfter = Number(headers["retry-after"]);
  if (headers["retry-after"] !== undefined && Number.isFinite(retryAfter)) return Math.max(0, retryAfter * 1000);
  const reset = Number(headers["x-ratelimit-reset"]);
  if (String(headers["x-ratelimit-remaining"]) === "0" && Number.isFinite(reset)) return Math.max(0, reset * 1000 - nowMs);
  return undefined;
}

function readFailedRequest(err: unknown): FailedRequest {
  if (typeof err !== "object" || err === null) return { status: undefined, headers: {}, message: String(err) };
  const status = "status" in err && typeof err.status === "number" ? err.status : undefined;
  const response = "response" in err && typeof err.response === "object" && err.response !== null ? err.response : undefined;
  const headers = response && "headers" in response && typeof response.headers === "object" && response.headers !== null ? (response.headers as Record<string, unknown>) : {};
  const message = err instanceof Error ? err.message : "";
  return { status, headers, message };
}
