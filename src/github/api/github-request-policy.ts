import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../../logger.js";

/** How the GitHub client retries a request. */
export interface GitHubRetryOptions {
  /** Retries after a server error or a request that got no answer; the first attempt is not counted. */
  readonly retries: number;
  /** The n-th retry after a server error waits `baseDelayMs × n²`. */
  readonly baseDelayMs: number;
  /** Retries after GitHub refused a request for a rate limit, primary or secondary. */
  readonly rateLimitRetries: number;
  /** The longest wait Phoenix accepts from `retry-after` or a rate-limit reset; a longer one fails the request at once. */
  readonly maxRateLimitWaitMs: number;
}

/** Five attempts over about 30 s for a server error; a rate limit waited out three times, up to two minutes each. */
export const DEFAULT_GITHUB_RETRY: GitHubRetryOptions = { retries: 4, baseDelayMs: 1000, rateLimitRetries: 3, maxRateLimitWaitMs: 120_000 };

/**
 * Statuses never retried blind: a 403 is a missing permission unless it is
 * a rate limit, and a rate limit (403 or 429) is waited out as GitHub asks,
 * or given up on. Retried again at once, it would only be refused again.
 */
const DO_NOT_RETRY = new Set([400, 401, 403, 404, 410, 422, 429, 451]);

/** A secondary limit without `retry-after`: GitHub asks for at least a minute. */
const SECONDARY_LIMIT_FALLBACK_SECONDS = 60;

/** What `@octokit/request` throws (a `RequestError`); a request that got no answer is status 500 without a response. */
interface RequestFailure {
  readonly status?: number;
  readonly message?: string;
  readonly request?: { readonly method?: string; readonly url?: string };
  readonly response?: { readonly headers?: Readonly<Record<string, string | number | undefined>> };
}

type RateLimit = { readonly limit: "primary" | "secondary"; readonly retryAfterSeconds: number };

interface EndpointOptions {
  readonly method: string;
  readonly url: string;
}

/** Octokit's `hook.wrap("request", …)`: the request function and its endpoint options. */
type RequestHook = <O extends EndpointOptions, R>(request: (options: O) => R | Promise<R>, options: O) => Promise<R>;

/**
 * An Octokit plugin: retries what may succeed on a second try and waits a
 * rate limit out as GitHub asks, each a bounded number of times, and logs
 * every decision ("github request retried", "github request not retried: …").
 *
 * - A server error or a request without an answer: retried after
 *   `baseDelayMs × n²` (what `@octokit/plugin-retry` does).
 * - 403/429 naming a secondary rate limit: retried after `retry-after`
 *   (60 s without it); with `x-ratelimit-remaining: 0`: after the reset
 *   time plus a second (what `@octokit/plugin-throttling` does). A wait over
 *   `maxRateLimitWaitMs` fails at once.
 * - Any other 4xx: never retried.
 *
 * It replaces those two plugins because both run every request through
 * Bottleneck, whose local store yields to the event loop with a
 * `setTimeout(0)` (clamped to 1 ms) at each step: ~20 ms added to every
 * request, measured against the fake GitHub (1 ms without them), on the path
 * of every comment and status. No request waits when nothing failed.
 */
export function createGitHubRequestPolicy(logger: Logger, options: GitHubRetryOptions) {
  const wrapRequest: RequestHook = async (request, endpoint) => {
    let serverRetries = 0;
    let limitRetries = 0;
    for (;;) {
      try {
        return await request(endpoint);
      } catch (err) {
        const failure = err as RequestFailure;
        const limit = readRateLimit(failure);
        let delayMs: number;
        if (limit !== undefined) {
          const fields = { request: `${endpoint.method} ${endpoint.url}`, ...limit, attempt: limitRetries + 1 };
          if (limitRetries >= options.rateLimitRetries) {
            logger.warn(fields, "github request not retried: rate limit retries used up");
            throw err;
          }
          delayMs = limit.retryAfterSeconds * 1000;
          if (delayMs > options.maxRateLimitWaitMs) {
            logger.warn({ ...fields, maxDelayMs: options.maxRateLimitWaitMs }, "github request not retried: wait too long");
            throw err;
          }
          limitRetries += 1;
          logger.warn({ ...fields, delayMs }, "github request retried");
        } else {
          if (!isRetriable(failure) || serverRetries >= options.retries) throw err;
          serverRetries += 1;
          delayMs = options.baseDelayMs * serverRetries ** 2;
          logger.warn({ request: describeRequest(failure, endpoint), status: failure.status, attempt: serverRetries, delayMs }, "github request retried");
        }
        await sleep(delayMs);
      }
    }
  };
  return (octokit: { hook: { wrap(name: "request", hook: RequestHook): void } }): void => {
    octokit.hook.wrap("request", wrapRequest);
  };
}

/** A server error or no answer at all; a client error is final. */
function isRetriable(failure: RequestFailure): boolean {
  return typeof failure.status === "number" && failure.status >= 400 && !DO_NOT_RETRY.has(failure.status);
}

/** The rate limit a 403 or 429 reports, and how long GitHub asks to wait; undefined for any other failure. */
function readRateLimit(failure: RequestFailure): RateLimit | undefined {
  if (failure.status !== 403 && failure.status !== 429) return undefined;
  const headers = failure.response?.headers ?? {};
  if (/\bsecondary rate\b/i.test(failure.message ?? "")) {
    const retryAfter = Number(headers["retry-after"]);
    return { limit: "secondary", retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : SECONDARY_LIMIT_FALLBACK_SECONDS };
  }
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const resetMs = Number(headers["x-ratelimit-reset"]) * 1000;
    // A second past the reset: GitHub counts the window up to it.
    const retryAfterSeconds = Number.isFinite(resetMs) ? Math.max(Math.ceil((resetMs - Date.now()) / 1000) + 1, 0) : SECONDARY_LIMIT_FALLBACK_SECONDS;
    return { limit: "primary", retryAfterSeconds };
  }
  return undefined;
}

/** `POST /repos/o/r/check-runs`: method and path, never the query (it can carry a token on some endpoints). */
function describeRequest(failure: RequestFailure, endpoint: EndpointOptions): string {
  const url = String(failure.request?.url ?? endpoint.url);
  const method = failure.request?.method ?? endpoint.method;
  try {
    return `${method} ${new URL(url).pathname}`;
  } catch {
    return `${method} ${url.split("?")[0] ?? ""}`;
  }
}
