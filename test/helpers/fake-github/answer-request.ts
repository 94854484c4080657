import type { FakeGitHubState, FakePullRequest } from "./fake-github-state.js";

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly template: string;
  readonly operationId: string;
  readonly body: unknown;
  readonly query: URLSearchParams;
}

export interface FakeAnswer {
  readonly status: number;
  readonly body: unknown;
}

const BOT = { login: "phoenix[bot]", id: 99, type: "Bot" };

/** Answers one request from the state; 501 for an operation the fake does not implement. */
export function answerRequest(state: FakeGitHubState, request: FakeRequest): FakeAnswer {
  const params = readPathParams(request.template, request.path);
  const body = (request.body ?? {}) as Record<string, unknown>;
  const owner = params.owner ?? "";
  const repo = params.repo ?? "";
  switch (request.operationId) {
    case "apps/create-installation-access-token":
      return { status: 201, body: { token: state.token, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {}, repository_selection: "all" } };
    case "apps/list-installations":
      return { status: 200, body: state.installations.map((i) => ({ id: i.id, account: { login: "phoenix-test" }, app_id: 1 })) };
    case "apps/list-repos-accessible-to-installation": {
      const repositories = state.installations.flatMap((i) => i.repositories);
      return {
        status: 200,
        body: {
          total_count: repositories.length,
          repositories: repositories.map((r) => ({ name: r.name, full_name: `${r.owner}/${r.name}`, owner: { login: r.owner }, clone_url: r.cloneUrl, default_branch: r.defaultBranch })),
        },
      };
    }
    case "issues/list-comments": {
      const issue = Number(params.issue_number);
      const list = state.comments.filter((c) => c.owner === owner && c.repo === repo && c.issueNumber === issue);
      return { status: 200, body: list.map((c) => ({ id: c.id, body: c.body, user: BOT })) };
    }
    case "issues/create-comment": {
      const comment = { id: state.nextId(), owner, repo, issueNumber: Number(params.issue_number), body: String(body.body), edits: 0 };
      state.comments.push(comment);
      return { status: 201, body: { id: comment.id, body: comment.body, user: BOT } };
    }
    case "issues/update-comment": {
      const comment = state.comments.find((c) => c.id === Number(params.comment_id));
      if (!comment) return { status: 404, body: { message: "Not Found" } };
      comment.body = String(body.body);
      comment.edits += 1;
      return { status: 200, body: { id: comment.id, body: comment.body, user: BOT } };
    }
    case "checks/create": {
      const run = {
        id: state.nextId(),
        owner,
        repo,
        name: String(body.name),
        headSha: String(body.head_sha),
        status: String(body.status ?? "queued"),
        conclusion: typeof body.conclusion === "string" ? body.conclusion : undefined,
        output: {},
        annotations: [],
      };
      state.checkRuns.push(run);
      return { status: 201, body: { id: run.id, name: run.name, head_sha: run.headSha, status: run.status } };
    }
    case "checks/update": {
      const run = state.checkRuns.find((r) => r.id === Number(params.check_run_id));
      if (!run) return { status: 404, body: { message: "Not Found" } };
      if (typeof body.status === "string") run.status = body.status;
      if (typeof body.conclusion === "string") run.conclusion = body.conclusion;
      const output = body.output as ({ annotations?: Record<string, unknown>[] } & FakeCheckOutput) | undefined;
      if (output) {
        run.output = { title: output.title, summary: output.summary, text: output.text };
        run.annotations.push(...(output.annotations ?? []));
      }
      return { status: 200, body: { id: run.id, name: run.name, head_sha: run.headSha, status: run.status, conclusion: run.conclusion ?? null } };
    }
    case "repos/create-commit-status":
      state.statuses.push({ owner, repo, sha: params.sha ?? "", state: String(body.state), context: String(body.context), description: String(body.description ?? "") });
      return { status: 201, body: { state: body.state, context: body.context } };
    case "repos/list-commits": {
      const perPage = Number(request.query.get("per_page") ?? 30);
      const shas = state.listCommits?.(owner, repo, request.query.get("sha") ?? "HEAD") ?? [];
      return { status: 200, body: shas.slice(0, perPage).map((sha) => ({ sha, node_id: `C_${sha}`, commit: { message: "", tree: { sha: "" } }, parents: [] })) };
    }
    case "repos/get-combined-status-for-ref": {
      // The newest status of each context, as GitHub's combined status lists them.
      const latest = new Map<string, FakeGitHubState["statuses"][number]>();
      for (const s of state.statuses) if (s.owner === owner && s.repo === repo && s.sha === params.ref) latest.set(s.context, s);
      const statuses = [...latest.values()].reverse().map((s) => ({ state: s.state, context: s.context, description: s.description, target_url: null }));
      const combined = statuses.some((s) => s.state === "failure" || s.state === "error") ? "failure" : statuses.some((s) => s.state === "pending") || statuses.length === 0 ? "pending" : "success";
      return { status: 200, body: { state: combined, sha: params.ref, total_count: statuses.length, statuses } };
    }
    case "repos/list-pull-requests-associated-with-commit": {
      const sha = params.commit_sha;
      const pulls = state.pullRequests.filter((p) => p.owner === owner && p.repo === repo && (p.mergeCommitSha === sha || p.headSha === sha));
      return { status: 200, body: pulls.map(renderPullRequest) };
    }
    case "pulls/get": {
      const pull = state.pullRequests.find((p) => p.owner === owner && p.repo === repo && p.number === Number(params.pull_number));
      return pull ? { status: 200, body: renderPullRequest(pull) } : { status: 404, body: { message: "Not Found" } };
    }
    case "repos/get-collaborator-permission-level": {
      const login = params.username ?? "";
      const permission = state.permissions.get(login) ?? "read";
      // GitHub's `permission` folds maintain into write and triage into read; `role_name` keeps them.
      return { status: 200, body: { permission, role_name: permission, user: { login, id: 7, type: "User" } } };
    }
    default:
      return { status: 501, body: { message: `not implemented: ${request.operationId}` } };
  }
}

interface FakeCheckOutput {
  readonly title?: string;
  readonly summary?: string;
  readonly text?: string;
}

function renderPullRequest(p: FakePullRequest) {
  return {
    number: p.number,
    state: p.state,
    merged_at: p.mergeCommitSha === undefined ? null : new Date().toISOString(),
    merge_commit_sha: p.mergeCommitSha ?? null,
    head: { sha: p.headSha, ref: p.headRef, repo: { full_name: p.headRepo } },
    base: { ref: p.baseRef, repo: { full_name: `${p.owner}/${p.repo}` } },
  };
}

function readPathParams(template: string, path: string): Record<string, string> {
  const names = template.split("/");
  const values = path.split("/");
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    const match = /^\{(.+)\}$/.exec(name);
    if (match?.[1] !== undefined) out[match[1]] = decodeURIComponent(values[i] ?? "");
  });
  return out;
}
