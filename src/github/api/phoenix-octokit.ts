import { ProbotOctokit } from "probot";

/**
 * Probot's Octokit without its retry and throttling plugins. Phoenix retries
 * every GitHub call itself (`retryRequest`: backoff, `retry-after` and
 * `x-ratelimit-reset` honoured, permission errors not retried); with the
 * plugins on as well, each failure would be retried by both, multiplying the
 * calls and the time a webhook waits.
 */
export const PhoenixOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));
