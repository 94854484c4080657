import type { RepoRef } from "./repo-ref.js";

/** What planning a pull request needs to know about it. */
export interface PullRequestTarget {
  readonly repo: RepoRef;
  readonly number: number;
  readonly headSha: string;
  readonly headRef: string;
  readonly baseRef: string;
  /** The base branch's tip when the event was sent; unknown for a pull request read back from the API without it. */
  readonly baseSha?: string;
  /** The head lives in another repository: planned with every value masked, never deployed. */
  readonly fork: boolean;
}

interface PullRequestPayload {
  readonly number: number;
  readonly head: { readonly sha: string; readonly ref: string; readonly repo: { readonly full_name: string } | null };
  readonly base: { readonly ref: string; readonly sha?: string; readonly repo: { readonly full_name: string } };
}

/** The target of a webhook's `pull_request` or of `GET /repos/{owner}/{repo}/pulls/{pull_number}`: both have this shape. */
export function readPullRequestTarget(repo: RepoRef, pr: PullRequestPayload): PullRequestTarget {
  return {
    repo,
    number: pr.number,
    headSha: pr.head.sha,
    headRef: pr.head.ref,
    baseRef: pr.base.ref,
    ...(pr.base.sha === undefined ? {} : { baseSha: pr.base.sha }),
    // A deleted fork has no head repo: treat it as a fork.
    fork: pr.head.repo?.full_name !== pr.base.repo.full_name,
  };
}
