import { createRequire } from "node:module";

interface WebhookDefinition {
  readonly name: string;
  readonly examples: Record<string, unknown>[];
}

const require = createRequire(import.meta.url);
const definitions = require("@octokit/webhooks-examples/api.github.com/index.json") as WebhookDefinition[];

/** A deep copy of the first example of `event` (with `action` when given) from @octokit/webhooks-examples. */
export function loadWebhookExample(event: string, action?: string): Record<string, unknown> {
  const examples = definitions.find((d) => d.name === event)?.examples ?? [];
  const example = examples.find((e) => action === undefined || e.action === action);
  if (!example) throw new Error(`no ${event}${action ? `.${action}` : ""} example in @octokit/webhooks-examples`);
  return structuredClone(example);
}

export interface RepoFixture {
  readonly owner: string;
  readonly name: string;
  readonly cloneUrl: string;
  readonly defaultBranch: string;
  readonly installationId: number;
}

/** Points an example's repository at the test repo and adds the installation the opened example lacks. */
export function retargetPayload(payload: Record<string, unknown>, repo: RepoFixture): Record<string, unknown> {
  const repository = payload.repository as Record<string, unknown>;
  const owner = repository.owner as Record<string, unknown>;
  Object.assign(owner, { login: repo.owner });
  Object.assign(repository, { name: repo.name, full_name: `${repo.owner}/${repo.name}`, clone_url: repo.cloneUrl, default_branch: repo.defaultBranch, master_branch: repo.defaultBranch });
  payload.installation = { id: repo.installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  return payload;
}

export interface PullRequestFixture {
  readonly number: number;
  readonly headSha: string;
  readonly headRef: string;
  readonly baseRef: string;
  readonly baseSha: string;
  /** `owner/name` of the head repository; the base repository's own name unless a fork. */
  readonly headRepo?: string;
}

/** A `pull_request` delivery from the example, for the given head and base. */
export function buildPullRequestPayload(action: "opened" | "synchronize" | "reopened", repo: RepoFixture, pr: PullRequestFixture): Record<string, unknown> {
  const payload = retargetPayload(loadWebhookExample("pull_request", action), repo);
  const pull = payload.pull_request as Record<string, unknown>;
  const head = pull.head as Record<string, unknown>;
  const base = pull.base as Record<string, unknown>;
  payload.number = pr.number;
  pull.number = pr.number;
  Object.assign(head, { sha: pr.headSha, ref: pr.headRef, repo: { ...(head.repo as object), full_name: pr.headRepo ?? `${repo.owner}/${repo.name}` } });
  Object.assign(base, { sha: pr.baseSha, ref: pr.baseRef, repo: { ...(base.repo as object), full_name: `${repo.owner}/${repo.name}` } });
  return payload;
}

/** A `push` delivery of `after` onto `branch`. */
export function buildPushPayload(repo: RepoFixture, push: { readonly branch: string; readonly before: string; readonly after: string }): Record<string, unknown> {
  const payload = retargetPayload(loadWebhookExample("push"), repo);
  return { ...payload, ref: `refs/heads/${push.branch}`, before: push.before, after: push.after, deleted: false, created: false };
}

/** The pull request as a check run's `pull_requests` entry names it (number, head and base). */
function buildCheckRunPullRequest(repo: RepoFixture, pr: PullRequestFixture): Record<string, unknown> {
  const api = `https://api.github.com/repos/${repo.owner}/${repo.name}`;
  const repository = { id: 1, url: api, name: repo.name };
  return { url: `${api}/pulls/${pr.number}`, id: pr.number, number: pr.number, head: { ref: pr.headRef, sha: pr.headSha, repo: repository }, base: { ref: pr.baseRef, sha: pr.baseSha, repo: repository } };
}

/** A `check_run.rerequested` delivery ("Re-run" on the check) of the named run on the pull request's head. */
export function buildCheckRunRerequestedPayload(repo: RepoFixture, check: { readonly id: number; readonly name: string }, pr: PullRequestFixture): Record<string, unknown> {
  const payload = retargetPayload(loadWebhookExample("check_run", "rerequested"), repo);
  const run = payload.check_run as Record<string, unknown>;
  const suite = run.check_suite as Record<string, unknown>;
  const pullRequests = [buildCheckRunPullRequest(repo, pr)];
  Object.assign(run, { id: check.id, name: check.name, head_sha: pr.headSha, pull_requests: pullRequests });
  Object.assign(suite, { head_branch: pr.headRef, head_sha: pr.headSha, after: pr.headSha, pull_requests: pullRequests });
  return payload;
}

/** The login of comments from a user with write access (the e2e harness grants it). */
export const MAINTAINER_LOGIN = "phoenix-maintainer";

/** An `issue_comment.created` delivery: a person (`login`, default a maintainer) commenting `body` on pull request `number`. */
export function buildPullRequestCommentPayload(repo: RepoFixture, comment: { readonly number: number; readonly body: string; readonly login?: string }): Record<string, unknown> {
  const payload = retargetPayload(loadWebhookExample("issue_comment", "created"), repo);
  const pullUrl = `https://api.github.com/repos/${repo.owner}/${repo.name}/pulls/${comment.number}`;
  const htmlUrl = `https://github.com/${repo.owner}/${repo.name}/pull/${comment.number}`;
  Object.assign(payload.issue as object, { number: comment.number, pull_request: { url: pullUrl, html_url: htmlUrl, diff_url: `${htmlUrl}.diff`, patch_url: `${htmlUrl}.patch` } });
  Object.assign(payload.comment as object, { body: comment.body });
  Object.assign(payload.sender as object, { type: "User", login: comment.login ?? MAINTAINER_LOGIN });
  return payload;
}
