import type { Logger } from "../../logger.js";
import type { GitHubClient, RepoRef } from "./repo-ref.js";

/** The permissions GitHub reports (`permission` folds maintain into write). */
const WRITE_PERMISSIONS: ReadonlySet<string> = new Set(["admin", "write"]);

/**
 * Whether a user can push to the repository: only they may ask Phoenix for
 * work by comment (anyone can comment on a public repository's pull requests).
 * A lookup that fails counts as no access.
 */
export async function hasWriteAccess(
  octokit: GitHubClient,
  repo: RepoRef,
  username: string,
  logger: Logger,
): Promise<boolean> {
  try {
    const answer = await octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { owner: repo.owner, repo: repo.repo, username });
    return WRITE_PERMISSIONS.has(answer.data.permission);
  } catch (err) {
    logger.warn({ username, err }, "collaborator permission unknown");
    return false;
  }
}
