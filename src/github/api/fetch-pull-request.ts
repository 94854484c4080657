import { readPullRequestTarget, type PullRequestTarget } from "./pull-request-target.js";
import type { GitHubClient, RepoRef } from "./repo-ref.js";

/**
 * The pull request a check-run or comment event names, as planning needs it,
 * and whether it is still open. Retried by the client like the posts: a
 * re-plan asked for during a GitHub hiccup is not lost.
 */
export async function fetchPullRequest(octokit: GitHubClient, repo: RepoRef, number: number): Promise<{ readonly target: PullRequestTarget; readonly open: boolean }> {
  const pr = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner: repo.owner, repo: repo.repo, pull_number: number });
  return { target: readPullRequestTarget(repo, pr.data), open: pr.data.state === "open" };
}
