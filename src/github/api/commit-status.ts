import type { GitHubClient } from "./repo-ref.js";

export type CommitState = "pending" | "success" | "failure" | "error";

/** GitHub cuts a status description at 140 characters; cut it ourselves so the end reads as cut. */
const MAX_DESCRIPTION = 140;

export async function setCommitStatus(
  octokit: GitHubClient,
  target: { readonly owner: string; readonly repo: string; readonly sha: string; readonly context: string },
  status: { readonly state: CommitState; readonly description: string; readonly targetUrl?: string },
): Promise<void> {
  const description = status.description.length <= MAX_DESCRIPTION ? status.description : `${status.description.slice(0, MAX_DESCRIPTION - 1)}…`;
  await octokit.request("POST /repos/{owner}/{repo}/statuses/{sha}", {
    owner: target.owner,
    repo: target.repo,
    sha: target.sha,
    state: status.state,
    context: target.context,
    description,
    ...(status.targetUrl === undefined ? {} : { target_url: status.targetUrl }),
  });
}
