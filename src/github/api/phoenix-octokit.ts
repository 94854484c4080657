import { ProbotOctokit } from "probot";
import type { Logger } from "../../logger.js";
import { createGitHubRequestPolicy, DEFAULT_GITHUB_RETRY, type GitHubRetryOptions } from "./github-request-policy.js";

export type { GitHubRetryOptions };

export interface PhoenixOctokitOptions {
  /** Where retries and refused waits are logged ("github request retried"). */
  readonly logger: Logger;
  readonly retry?: Partial<GitHubRetryOptions>;
}

/**
 * Probot's Octokit with Phoenix's request policy (`github-request-policy.ts`)
 * in place of the retry and throttling plugins Probot bundles: server errors
 * and lost connections are retried with backoff, rate limits are waited out
 * as GitHub asks (`retry-after`, `x-ratelimit-reset`), each a bounded number
 * of times, and a request that does not fail never waits.
 */
export function createPhoenixOctokit(options: PhoenixOctokitOptions) {
  const retry = { ...DEFAULT_GITHUB_RETRY, ...options.retry };
  return ProbotOctokit.plugin(createGitHubRequestPolicy(options.logger, retry)).defaults((instance: Record<string, unknown>) => ({
    ...instance,
    ...pointAuthAtBaseUrl(instance),
    retry: { enabled: false },
    throttle: { ...(instance.throttle as object), enabled: false },
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
