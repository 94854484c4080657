import type { ProbotOctokit } from "probot";

/** An installation-authenticated client, as Probot hands it to a handler. */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

/** The repository a run is about, with what is needed to clone it and to find its default branch. */
export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  /** `repository.clone_url`: github.com and GitHub Enterprise alike. */
  readonly cloneUrl: string;
  readonly defaultBranch: string;
}

/** The per-repository queue key. */
export function formatRepoKey(ref: Pick<RepoRef, "owner" | "repo">): string {
  return `${ref.owner}/${ref.repo}`;
}

interface RepositoryPayload {
  readonly name: string;
  readonly owner: { readonly login: string } | null;
  readonly clone_url: string;
  readonly default_branch: string;
}

/** The RepoRef of a webhook payload; undefined when the delivery has no installation (then there is no token to act with). */
export function readRepoRef(repository: RepositoryPayload, installation: { readonly id: number } | undefined): RepoRef | undefined {
  if (!installation || !repository.owner) return undefined;
  return {
    owner: repository.owner.login,
    repo: repository.name,
    installationId: installation.id,
    cloneUrl: repository.clone_url,
    defaultBranch: repository.default_branch,
  };
}
