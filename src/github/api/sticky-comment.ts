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
  return writeStickyComment(octokit, target, await findStickyComment(octokit, target), body);
}

/** The id of the pull request's comment that carries `marker` and was written by a bot (an app); undefined when there is none. */
export async function findStickyComment(octokit: GitHubClient, target: StickyCommentTarget): Promise<number | undefined> {
  const { owner, repo, issueNumber } = target;
  const comments = await octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number: issueNumber, per_page: 100 });
  return comments.find((c) => c.body?.includes(target.marker) === true && c.user?.type === "Bot")?.id;
}

/** Edits comment `existing` (found by `findStickyComment`), or creates the sticky comment when there is none. */
export async function writeStickyComment(
  octokit: GitHubClient,
  target: StickyCommentTarget,
  existing: number | undefined,
  body: string,
): Promise<{ readonly id: number; readonly created: boolean }> {
  const { owner, repo, issueNumber } = target;
  if (existing !== undefined) {
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { owner, repo, comment_id: existing, body });
    return { id: existing, created: false };
  }
  const created = await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number: issueNumber, body });
  return { id: Number(created.data.id), created: true };
}
