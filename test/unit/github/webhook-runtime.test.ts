/**
 * The app's runtime as GitHub sees it, with the real webhook server and
 * handlers, the fake GitHub, a real git server and an in-memory swarm:
 * every webhook is answered before any GitHub call its work makes (a slow
 * GitHub must never push the answer past GitHub's 10 s delivery timeout;
 * each answer and the GitHub requests are put on one timeline), a burst of
 * pushes to a pull request plans only its latest head, and a deploy never
 * waits behind a plan.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGitHttpServer, type GitHttpServer } from "../../helpers/git-http-server.js";
import { startFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/fake-github-server.js";
import { startTestApp, type TestApp } from "../../helpers/fake-github/start-test-app.js";
import { watchRecordedRequests } from "../../helpers/fake-github/watch-recorded-requests.js";
import {
  buildCheckRunRerequestedPayload,
  buildPullRequestCommentPayload,
  buildPullRequestPayload,
  buildPushPayload,
  MAINTAINER_LOGIN,
  type PullRequestFixture,
  type RepoFixture,
} from "../../helpers/fake-github/webhook-payloads.js";
import { createConfigRepoFixture, type ConfigRepoFixture } from "../../e2e/github-app-fixture.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

let github: FakeGitHub;
let gitServer: GitHttpServer;
let app: TestApp;
let config: ConfigRepoFixture;
let cacheDir: string;
let repo: RepoFixture;
let pr: PullRequestFixture;
let main: string;
/** One line per event, in the order they happened: `answered <delivery>` and `github <operation>`. */
const timeline: string[] = [];

beforeAll(async () => {
  github = await startFakeGitHub();
  // The first request loads the whole api.github.com description into the fake: not inside a test.
  await fetch(`${github.url}/repos/o/r/statuses/warm-up`, { method: "POST", body: JSON.stringify({ state: "success" }) });
  config = await createConfigRepoFixture("unit");
  gitServer = await startGitHttpServer({ repoDir: config.repo.dir, auth: { username: "x-access-token", password: github.state.token } });
  cacheDir = await mkdtemp(path.join(os.tmpdir(), "phoenix-gh-answer-"));
  const swarm = new FakeSwarmPort();
  app = await startTestApp(github, { openPort: async () => swarm, cacheDir });
  repo = { owner: "phoenix-test", name: path.basename(config.repo.dir), cloneUrl: gitServer.url, defaultBranch: "main", installationId: 7 };
  // Convergence not monitored (the fake's tasks run at once): the push's sync takes no seconds.
  const settings = await readFile(path.join(config.repo.dir, ".github/phoenix.yml"), "utf8");
  main = await config.commitOnBranch("main", config.repo.commits[0] ?? "", { ".github/phoenix.yml": settings.replace("monitorSeconds: 1", "monitorSeconds: 0") }, "settings");
  const head = await config.commitOnBranch("feature", main, config.withLogLevel("warn"), "warn");
  pr = { number: 5, headSha: head, headRef: "feature", baseRef: "main", baseSha: main };
  github.state.pullRequests.push({ owner: repo.owner, repo: repo.name, number: 5, headSha: head, headRef: "feature", baseRef: "main", headRepo: `${repo.owner}/${repo.name}`, state: "open", mergeCommitSha: undefined });
  github.state.permissions.set(MAINTAINER_LOGIN, "write");
  // `end` is the answer: from then on GitHub's delivery has its status, whatever the app does next.
  app.server.on("request", (req, res) => {
    const delivery = String(req.headers["x-github-delivery"] ?? "");
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    res.end = ((...args: unknown[]) => {
      timeline.push(`answered ${delivery}`);
      return end(...args);
    }) as typeof res.end;
  });
  watchRecordedRequests(github, (request) => timeline.push(`github ${request.operationId}`));
}, 120_000);

afterAll(async () => {
  await app.close();
  await gitServer.close();
  await github.close();
  await config.repo.remove();
  await rm(cacheDir, { recursive: true, force: true });
});

/** Sends one delivery, waits for all the work it queued, and returns what happened from the send on. */
async function deliver(event: string, payload: unknown): Promise<string[]> {
  const from = timeline.length;
  const { status, id } = await app.sendWebhook(event, payload);
  expect(status).toBe(200);
  await app.runtime.queue.waitForIdle();
  return timeline.slice(from).map((line) => (line === `answered ${id}` ? "answered" : line));
}

describe("the webhook is answered before any GitHub call", () => {
  const cases: [string, string, () => unknown, string][] = [
    ["a push", "push", () => buildPushPayload(repo, { branch: "main", before: "0".repeat(40), after: main }), "repos/create-commit-status"],
    ["a pull request", "pull_request", () => buildPullRequestPayload("opened", repo, pr), "issues/create-comment"],
    ["/phoenix plan", "issue_comment", () => buildPullRequestCommentPayload(repo, { number: 5, body: "/phoenix plan" }), "issues/update-comment"],
    ["/phoenix sync", "issue_comment", () => buildPullRequestCommentPayload(repo, { number: 5, body: "/phoenix sync" }), "repos/create-commit-status"],
    ["a check run's Re-run", "check_run", () => buildCheckRunRerequestedPayload(repo, { id: 1, name: "phoenix/plan" }, pr), "checks/update"],
  ];
  it.each(cases)("%s", { timeout: 60_000 }, async (_what, event, payload, expected) => {
    const events = await deliver(event, payload());
    // The work did reach GitHub (else "answered first" would prove nothing), and only after the answer.
    expect(events).toContain(`github ${expected}`);
    expect(events[0]).toBe("answered");
    expect(events.filter((e) => e === "answered")).toHaveLength(1);
    expect(github.violations).toEqual([]);
  });
});

describe("the lanes of a repository", () => {
  /** Holds the repository's plan lane busy (a long plan) until the returned function is called. */
  function holdPlanLane(): () => void {
    let release: () => void = () => undefined;
    void app.runtime.queue.enqueueRun(`${repo.owner}/${repo.name}`, () => new Promise<void>((r) => (release = r)), "plan");
    return () => release();
  }

  it("plans only the latest head of a burst of pushes to one pull request; the others get a neutral 'superseded' check", { timeout: 60_000 }, async () => {
    const release = holdPlanLane();
    const heads: string[] = [];
    let from = main;
    for (const level of ["debug", "notice", "crit"]) {
      from = await config.commitOnBranch("burst", from, config.withLogLevel(level), level);
      heads.push(from);
      await app.sendWebhook("pull_request", buildPullRequestPayload("synchronize", repo, { number: 6, headSha: from, headRef: "burst", baseRef: "main", baseSha: main }));
    }
    await new Promise((r) => setImmediate(r));
    release();
    await app.runtime.queue.waitForIdle();
    const checks = (sha: string) => github.state.checkRuns.filter((r) => r.headSha === sha && r.name === "phoenix/plan").map((r) => `${r.status} ${r.conclusion ?? ""} ${r.output.title ?? ""}`);
    expect(checks(heads[0] ?? "")).toEqual(["completed neutral Superseded by a newer push"]);
    expect(checks(heads[1] ?? "")).toEqual(["completed neutral Superseded by a newer push"]);
    expect(checks(heads[2] ?? "")).toEqual([expect.stringMatching(/^completed success /)]);
    expect(github.state.comments.filter((c) => c.issueNumber === 6)).toHaveLength(1);
  });

  it("deploys a push while a plan of the same repository is still running", { timeout: 60_000 }, async () => {
    const release = holdPlanLane();
    const head = await config.commitOnBranch("main", main, config.withLogLevel("warn"), "warn on main");
    await app.sendWebhook("push", buildPushPayload(repo, { branch: "main", before: main, after: head }));
    // The plan lane is still held: the sync finishes anyway.
    const final = await waitForFinalSync(head);
    expect(final).toMatch(/^success: /);
    release();
    await app.runtime.queue.waitForIdle();
  });
});

/** Polls the fake GitHub for the final `phoenix/sync` of `sha`; the queue is not idle meanwhile (a lane is held). */
async function waitForFinalSync(sha: string): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const last = github.state.statuses.filter((s) => s.sha === sha && s.context === "phoenix/sync").at(-1);
    if (last && last.state !== "pending") return `${last.state}: ${last.description}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no final phoenix/sync on ${sha}`);
}
