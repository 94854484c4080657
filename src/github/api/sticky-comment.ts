import type { Logger } from "../../logger.js";
import { retryRequest, type RetryOptions } from "./retry-request.js";
import type { GitHubClient } from "./repo-ref.js";

export interface StickyCommentTarget {
  readonly owner: string;
  readonly repo: string;
  readonly issueNumber: number;
  /** The hidden line by which the comment is found again (the body must contain it). */
  readonly marker: string;
}

/** Edits the pull request's comment that carries `marker`, or creates it: one comment per pull request, updated in place. */
export async function upsertStickyComment(
  octokit: GitHubClient,
  target: StickyCommentTarget,
  body: string,
  options: { retry: RetryOptions; logger: Logger },
): Promise<{ readonly id: number; readonly created: boolean }> {
  const { owner, repo, issueNumber } = target;
  const comments = await retryRequest(
    "list comments",
    () => octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number: issueNumber, per_page: 100 }),
    options.retry,
    options.logger,
  );
  const existing = comments.find((c) => c.body?.includes(target.marker) === true && c.user?.type === "Bot");
  if (existing) {
    await retryRequest(
      "update comment",
      () => octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { owner, repo, comment_id: existing.id, body }),
      options.retry,
      options.logger,
    );
    return { id: existing.id, created: false };
  }
  const created = await retryRequest(
    "create comment",
    () => octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number: issueNumber, body }),
    options.retry,
    options.logger,
  );
  return { id: Number(created.data.id), created: true };
}
