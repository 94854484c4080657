import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";
import type { Logger } from "../../logger.js";

/** How the GitHub client retries: Octokit's retry and throttling plugins, as Probot bundles them, configured. */
export interface GitHubRetryOptions {
  /** Retries after a server error or a request that got no answer (plugin-retry); the first attempt is not counted. */
  readonly retries: number;
  /** plugin-retry waits `baseDelayMs × n²` before the n-th retry. */
  readonly baseDelayMs: number;
  /** Retries after GitHub refused a request for a rate limit, primary or secondary (plugin-throttling). */
  readonly rateLimitRetries: number;
  /** The longest wait Phoenix accepts from `retry-after` or a rate-limit reset; a longer one fails the request at once. */
  readonly maxRateLimitWaitMs: number;
}

/** Five attempts over about 30 s for a server error; a rate limit waited out three times, up to two minutes each. */
export const DEFAULT_GITHUB_RETRY: GitHubRetryOptions = { retries: 4, baseDelayMs: 1000, rateLimitRetries: 3, maxRateLimitWaitMs: 120_000 };

/**
 * plugin-retry's own list plus 429. A 403 is a missing permission unless it
 * is a rate limit, and a rate limit (403 or 429) is plugin-throttling's to
 * wait out as GitHub asks, or to give up on: retried again blind, it would
 * only be refused again.
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

export interface PhoenixOctokitOptions {
  /** Where retries and refused waits are logged ("github request retried"). */
  readonly logger: Logger;
  readonly retry?: Partial<GitHubRetryOptions>;
}

/** What plugin-throttling hands a limit handler about the request. */
interface LimitedRequest {
  readonly method: string;
  readonly url: string;
}

/**
 * Probot's Octokit with its retry and throttling plugins configured for
 * Phoenix: server errors and lost connections are retried with backoff,
 * rate limits are waited out as GitHub asks (`retry-after`,
 * `x-ratelimit-reset`), a bounded number of times. The throttle's write and
 * notification groups space writes by 1 s and 3 s by default, which held a
 * plan's comment and check run back by seconds; here they keep their
 * one-at-a-time order but not the spacing.
 */
export function createPhoenixOctokit(options: PhoenixOctokitOptions) {
  const retry = { ...DEFAULT_GITHUB_RETRY, ...options.retry };
  const { logger } = options;
  // One pair of groups per app; the plugin keys them by installation.
  const write = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  const notifications = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  const onLimit =
    (limit: "primary" | "secondary") =>
    (retryAfterSeconds: number, request: LimitedRequest, _octokit: unknown, retryCount: number): boolean => {
      const fields = { request: `${request.method} ${request.url}`, limit, retryAfterSeconds, attempt: retryCount + 1 };
      if (retryCount >= retry.rateLimitRetries) {
        logger.warn(fields, "github request not retried: rate limit retries used up");
        return false;
      }
      if (retryAfterSeconds * 1000 > retry.maxRateLimitWaitMs) {
        logger.warn({ ...fields, maxDelayMs: retry.maxRateLimitWaitMs }, "github request not retried: wait too long");
        return false;
      }
      logger.warn({ ...fields, delayMs: retryAfterSeconds * 1000 }, "github request retried");
      return true;
    };
  return ProbotOctokit.plugin(logServerErrorRetries(logger, retry.baseDelayMs)).defaults((instance: Record<string, unknown>) => ({
    ...instance,
    ...pointAuthAtBaseUrl(instance),
    retry: { enabled: true, retries: retry.retries, retryAfterBaseValue: retry.baseDelayMs, doNotRetry: DO_NOT_RETRY },
    // Probot's own handlers (which give up on a secondary limit) are replaced; its id and Redis connection are kept.
    throttle: { ...(instance.throttle as object), enabled: true, write, notifications, onRateLimit: onLimit("primary"), onSecondaryRateLimit: onLimit("secondary") },
  }));
}

/**
 * Probot gives the app's auth strategy a request without the Enterprise
 * `baseUrl`: an installation token taken straight from `octokit.auth()` (as
 * `openRepoSource` does) was asked of api.github.com whenever the token
 * cache was cold, so on GitHub Enterprise the first sync after a start or a
 * token's expiry failed. The strategy's request gets the client's base URL.
 */
function pointAuthAtBaseUrl(instance: Record<string, unknown>): { auth?: unknown } {
  const auth = instance.auth as { request?: { defaults?: (options: { baseUrl: string }) => unknown } } | undefined;
  const baseUrl = instance.baseUrl;
  if (typeof baseUrl !== "string" || typeof auth?.request?.defaults !== "function") return {};
  return { auth: { ...auth, request: auth.request.defaults({ baseUrl }) } };
}

type RetryPlugin = InstanceType<typeof ProbotOctokit>["retry"];
type RetriedError = Parameters<RetryPlugin["retryRequest"]>[0];

/**
 * plugin-retry marks each failure it may retry through
 * `octokit.retry.retryRequest` (its documented way to ask for a retry);
 * wrapping that logs each retry as it is decided, with the wait before it.
 */
function logServerErrorRetries(logger: Logger, baseDelayMs: number) {
  return (octokit: object): void => {
    if (!hasRetryPlugin(octokit)) return;
    const markForRetry = octokit.retry.retryRequest;
    octokit.retry.retryRequest = (error, retries, retryAfter) => {
      const done = readRetryCount(error);
      if (retries > done) {
        logger.warn({ request: describeRequest(error), status: error.status, attempt: done + 1, delayMs: retryAfter * baseDelayMs }, "github request retried");
      }
      return markForRetry(error, retries, retryAfter);
    };
  };
}

function hasRetryPlugin(octokit: object): octokit is { retry: RetryPlugin } {
  return "retry" in octokit && typeof octokit.retry === "object" && octokit.retry !== null && "retryRequest" in octokit.retry;
}

/** Retries already made (plugin-retry counts them in `request.retryCount`). */
function readRetryCount(error: RetriedError): number {
  const count = Number((error.request.request as { retryCount?: unknown } | undefined)?.retryCount ?? 0);
  return Number.isInteger(count) ? count : 0;
}

/** `POST /repos/o/r/check-runs`: method and path, never the query (it can carry a token on some endpoints). */
function describeRequest(error: RetriedError): string {
  const url = String(error.request.url);
  try {
    return `${error.request.method} ${new URL(url).pathname}`;
  } catch {
    return `${error.request.method} ${url.split("?")[0] ?? ""}`;
  }
}
