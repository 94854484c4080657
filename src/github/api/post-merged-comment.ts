import type { Logger } from "../../logger.js";
import type { GitHubClient } from "./repo-ref.js";

/**
 * Comments on the pull request that a commit of the default branch merged,
 * found through `GET /repos/{owner}/{repo}/commits/{sha}/pulls`. A direct
 * push has none: then there is nothing to comment on.
 */
export async function postMergedPullRequestComment(
  octokit: GitHubClient,
  target: { readonly owner: string; readonly repo: string; readonly sha: string },
  body: string,
  logger: Logger,
): Promise<number | undefined> {
  const { owner, repo, sha } = target;
  const pulls = await octokit.request("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", { owner, repo, commit_sha: sha });
  const merged = pulls.data.find((p) => p.merge_commit_sha === sha) ?? pulls.data.find((p) => p.merged_at !== null);
  if (!merged) {
    logger.info({ sha }, "no merged pull request for commit");
    return undefined;
  }
  await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number: merged.number, body });
  return merged.number;
}
