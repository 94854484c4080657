import type { GitHubClient } from "./repo-ref.js";

export interface StickyCommentTarget {
  readonly owner: string;
  readonly repo: string;
  readonly issueNumber: number;
  /** The hidden line by which the comment is found again (the body must contain it). */
  readonly marker: string;
}

/** Edits the pull request's comment that carries `marker`, or creates it: one comment per pull request, updated in place. */
export async function upsertStickyComment(octokit: GitHubClient, target: StickyCommentTarget, body: string): Promise<{ readonly id: number; readonly created: boolean }> {
  const { owner, repo, issueNumber } = target;
  const comments = await octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number: issueNumber, per_page: 100 });
  const existing = comments.find((c) => c.body?.includes(target.marker) === true && c.user?.type === "Bot");
  if (existing) {
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { owner, repo, comment_id: existing.id, body });
    return { id: existing.id, created: false };
  }
  const created = await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number: issueNumber, body });
  return { id: Number(created.data.id), created: true };
}
