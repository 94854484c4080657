/** What the fake GitHub remembers; tests read it and seed pull requests and installations. */
export interface FakeComment {
  readonly id: number;
  readonly owner: string;
  readonly repo: string;
  readonly issueNumber: number;
  body: string;
  /** How often the comment was edited. */
  edits: number;
}

export interface FakeCheckRun {
  readonly id: number;
  readonly owner: string;
  readonly repo: string;
  readonly name: string;
  readonly headSha: string;
  status: string;
  conclusion: string | undefined;
  output: { title?: string; summary?: string; text?: string };
  /** Annotations of every update, in order. */
  readonly annotations: Record<string, unknown>[];
}

export interface FakeStatus {
  readonly owner: string;
  readonly repo: string;
  readonly sha: string;
  readonly state: string;
  readonly context: string;
  readonly description: string;
}

export interface FakeRepository {
  readonly owner: string;
  readonly name: string;
  readonly cloneUrl: string;
  readonly defaultBranch: string;
}

export interface FakePullRequest {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  readonly headSha: string;
  readonly headRef: string;
  readonly baseRef: string;
  /** `owner/name` of the head repository (a fork when it differs). */
  readonly headRepo: string;
  state: "open" | "closed";
  mergeCommitSha: string | undefined;
}

export interface FakeGitHubState {
  readonly comments: FakeComment[];
  readonly checkRuns: FakeCheckRun[];
  readonly statuses: FakeStatus[];
  readonly pullRequests: FakePullRequest[];
  readonly installations: { readonly id: number; readonly repositories: FakeRepository[] }[];
  /** Repository permission per user login (`admin`, `write`, `read`, `none`); a user not listed has `read`. */
  readonly permissions: Map<string, string>;
  /**
   * The commits of a branch (or any ref), newest first, for `GET /repos/{owner}/{repo}/commits?sha=`:
   * the e2e harness reads them from the fixture repository; unset, the list is empty.
   */
  listCommits: ((owner: string, repo: string, ref: string) => string[]) | undefined;
  /** The installation token handed out; the git server checks it. */
  readonly token: string;
  nextId(): number;
}

export function createFakeGitHubState(): FakeGitHubState {
  let id = 1000;
  return {
    comments: [],
    checkRuns: [],
    statuses: [],
    pullRequests: [],
    installations: [],
    permissions: new Map(),
    listCommits: undefined,
    token: "ghs_fakeinstallationtoken0123456789",
    nextId: () => ++id,
  };
}

/** The final status of each commit for one context (the last one set). */
export function readFinalStatuses(state: FakeGitHubState, context: string): Map<string, FakeStatus> {
  const out = new Map<string, FakeStatus>();
  for (const s of state.statuses) if (s.context === context) out.set(s.sha, s);
  return out;
}
