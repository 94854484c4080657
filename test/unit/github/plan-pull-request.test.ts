import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGitHttpServer, type GitHttpServer } from "../../helpers/git-http-server.js";
import { startFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/fake-github-server.js";
import { startTestApp, type TestApp } from "../../helpers/fake-github/start-test-app.js";
import { buildPullRequestPayload, loadWebhookExample, retargetPayload, type RepoFixture } from "../../helpers/fake-github/webhook-payloads.js";
import { createConfigRepoFixture, type ConfigRepoFixture } from "../../e2e/github-app-fixture.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

let github: FakeGitHub;
let gitServer: GitHttpServer;
let app: TestApp;
let config: ConfigRepoFixture;
let cacheDir: string;
let repo: RepoFixture;
let head: string;

beforeAll(async () => {
  github = await startFakeGitHub();
  // The first request loads the whole api.github.com description into the fake: not inside a timed test.
  await fetch(`${github.url}/repos/o/r/statuses/warm-up`, { method: "POST", body: JSON.stringify({ state: "success" }) });
  config = await createConfigRepoFixture("unit");
  gitServer = await startGitHttpServer({ repoDir: config.repo.dir, auth: { username: "x-access-token", password: github.state.token } });
  cacheDir = await mkdtemp(path.join(os.tmpdir(), "phoenix-gh-unit-"));
  const port = new FakeSwarmPort();
  app = await startTestApp(github, { openPort: async () => port, cacheDir });
  repo = { owner: "phoenix-test", name: path.basename(config.repo.dir), cloneUrl: gitServer.url, defaultBranch: "main", installationId: 7 };
  head = await config.commitOnBranch("feature", config.repo.commits[0] ?? "", config.withLogLevel("warn"), "warn");
}, 120_000);

afterAll(async () => {
  await app.close();
  await gitServer.close();
  await github.close();
  await config.repo.remove();
  await rm(cacheDir, { recursive: true, force: true });
});

describe("pull request planning against the fake GitHub", () => {
  it("posts the plan even when GitHub fails the first comment post", { timeout: 60_000 }, async () => {
    github.failNext("POST", /\/issues\/5\/comments$/, 502);
    const payload = buildPullRequestPayload("opened", repo, { number: 5, headSha: head, headRef: "feature", baseRef: "main", baseSha: config.repo.commits[0] ?? "" });
    await app.sendWebhook("pull_request", payload);
    await app.runtime.queue.waitForIdle();
    const posts = github.requests.filter((r) => r.operationId === "issues/create-comment");
    expect(posts.map((r) => r.status)).toEqual([502, 201]);
    expect(github.state.comments.filter((c) => c.issueNumber === 5)).toHaveLength(1);
    expect(github.state.checkRuns.find((r) => r.headSha === head)).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("re-plans on `/phoenix plan` by editing the sticky comment", { timeout: 60_000 }, async () => {
    github.state.pullRequests.push({ owner: repo.owner, repo: repo.name, number: 5, headSha: head, headRef: "feature", baseRef: "main", headRepo: `${repo.owner}/${repo.name}`, state: "open", mergeCommitSha: undefined });
    const payload = retargetPayload(loadWebhookExample("issue_comment", "created"), repo);
    const issue = payload.issue as Record<string, unknown>;
    Object.assign(issue, { number: 5, pull_request: { url: "https://api.github.com/repos/o/r/pulls/5" } });
    Object.assign(payload.comment as object, { body: "Looks good.\n/phoenix plan" });
    Object.assign(payload.sender as object, { type: "User" });
    github.state.permissions.set((payload.sender as { login: string }).login, "write");
    const checksBefore = github.state.checkRuns.length;
    await app.sendWebhook("issue_comment", payload);
    await app.runtime.queue.waitForIdle();
    expect(github.state.checkRuns.length).toBe(checksBefore + 1);
    const comments = github.state.comments.filter((c) => c.issueNumber === 5);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.edits).toBe(1);
    expect(github.violations).toEqual([]);
  });

  it("ignores a comment without the command", { timeout: 60_000 }, async () => {
    const payload = retargetPayload(loadWebhookExample("issue_comment", "created"), repo);
    Object.assign(payload.issue as object, { number: 5, pull_request: { url: "https://api.github.com/repos/o/r/pulls/5" } });
    Object.assign(payload.comment as object, { body: "please /phoenix plan this later" });
    const before = github.requests.length;
    await app.sendWebhook("issue_comment", payload);
    await app.runtime.queue.waitForIdle();
    expect(github.requests.length).toBe(before);
  });
});
