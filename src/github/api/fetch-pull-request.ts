import type { Logger } from "../../logger.js";
import { readPullRequestTarget, type PullRequestTarget } from "./pull-request-target.js";
import { retryRequest, type RetryOptions } from "./retry-request.js";
import type { GitHubClient, RepoRef } from "./repo-ref.js";

/**
 * The pull request a check-run or comment event names, as planning needs it,
 * and whether it is still open. Retried like the posts: a re-plan asked for
 * during a GitHub hiccup is not lost.
 */
export async function fetchPullRequest(
  octokit: GitHubClient,
  repo: RepoRef,
  number: number,
  options: { readonly retry: RetryOptions; readonly logger: Logger },
): Promise<{ readonly target: PullRequestTarget; readonly open: boolean }> {
  const pr = await retryRequest(
    "get pull request",
    () => octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner: repo.owner, repo: repo.repo, pull_number: number }),
    options.retry,
    options.logger,
  );
  return { target: readPullRequestTarget(repo, pr.data), open: pr.data.state === "open" };
}
