import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../src/logger.js";
import { createDockerClient } from "../../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../../src/swarm/dockerode-swarm-port.js";
import { removeStack } from "../../src/swarm/remove-stack.js";
import type { SwarmPort } from "../../src/swarm/swarm-port.js";
import { startGitHttpServer, type GitHttpServer } from "../helpers/git-http-server.js";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github/fake-github-server.js";
import { readFinalStatuses } from "../helpers/fake-github/fake-github-state.js";
import { startTestApp, type TestApp } from "../helpers/fake-github/start-test-app.js";
import { buildPullRequestPayload, buildPushPayload, type RepoFixture } from "../helpers/fake-github/webhook-payloads.js";
import { createConfigRepoFixture, type ConfigRepoFixture } from "./github-app-fixture.js";

const prefix = `gh${process.pid}`;
const namespaces = ["api_service", "status_page", "web_app"].map((s) => `${prefix}-${s}`);
const goldenFile = path.resolve(import.meta.dirname, "../golden/github/pr-plan-comment.md");
const logger = createSilentLogger();

let github: FakeGitHub;
let gitServer: GitHttpServer;
let app: TestApp;
let port: SwarmPort;
let config: ConfigRepoFixture;
let cacheDir: string;
let repo: RepoFixture;
let base: string;

/** Shas and the per-run prefix vary between runs; the golden file holds placeholders. */
function normalise(text: string): string {
  return text.replace(/\b[0-9a-f]{40}\b/g, "<sha>").replace(/\b[0-9a-f]{7,12}\b/g, "<short-sha>").replaceAll(prefix, "<prefix>");
}

/** The shared swarm as this test may see it: only its own stacks, so other tests' stacks never show up as orphans. */
function scopeToPrefix(inner: SwarmPort): SwarmPort {
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key !== "listAllStackObjects") return Reflect.get(target, key, receiver) as unknown;
      return async () => new Map([...(await target.listAllStackObjects())].filter(([namespace]) => namespace.startsWith(`${prefix}-`)));
    },
  });
}

async function deliver(event: string, payload: Record<string, unknown>, id?: string) {
  const sent = await app.sendWebhook(event, payload, id === undefined ? {} : { id });
  await app.runtime.queue.waitForIdle();
  return sent;
}

async function webServiceCommit(): Promise<string | undefined> {
  const services = await port.listStackServices(`${prefix}-web_app`);
  return services.find((s) => s.Spec.Name.endsWith("_web"))?.Spec.Labels?.["org.phoenix.commit"];
}

beforeAll(async () => {
  github = await startFakeGitHub();
  config = await createConfigRepoFixture(prefix);
  base = config.repo.commits[0] ?? "";
  gitServer = await startGitHttpServer({ repoDir: config.repo.dir, auth: { username: "x-access-token", password: github.state.token } });
  port = createDockerodeSwarmPort(await createDockerClient());
  cacheDir = await mkdtemp(path.join(os.tmpdir(), "phoenix-gh-cache-"));
  app = await startTestApp(github, { openPort: async () => scopeToPrefix(port), cacheDir });
  repo = { owner: "phoenix-test", name: path.basename(config.repo.dir), cloneUrl: gitServer.url, defaultBranch: "main", installationId: 4242 };
});

afterAll(async () => {
  for (const ns of namespaces) await removeStack(port, ns, { logger });
  await app?.close();
  await gitServer?.close();
  await github?.close();
  await config?.repo.remove();
  await rm(cacheDir, { recursive: true, force: true });
});

describe("the Phoenix GitHub App against a fake GitHub, a real git server and the real swarm", () => {
  let head1: string;
  let head2: string;

  it("plans an opened pull request into one sticky comment and a phoenix/plan check run", async () => {
    head1 = await config.commitOnBranch("feature", base, config.withLogLevel("warn"), "web_app: warn");
    const sent = await deliver("pull_request", buildPullRequestPayload("opened", repo, { number: 1, headSha: head1, headRef: "feature", baseRef: "main", baseSha: base }));
    expect(sent.status).toBe(200);
    expect(github.state.comments).toHaveLength(1);
    const comment = github.state.comments[0];
    expect(comment?.body.startsWith("<!-- phoenix:plan -->")).toBe(true);
    const actual = normalise(comment?.body ?? "");
    if (process.env.UPDATE_GOLDEN === "1") await writeFile(goldenFile, actual);
    expect(actual).toBe(await readFile(goldenFile, "utf8"));
    const check = github.state.checkRuns.find((r) => r.headSha === head1 && r.name === "phoenix/plan");
    expect(check).toMatchObject({ status: "completed", conclusion: "success" });
    expect(check?.output.title).toContain("3 stacks to create");
    expect(github.requests.some((r) => r.operationId === "apps/create-installation-access-token")).toBe(true);
    expect(gitServer.requests.every((r) => r.username === "x-access-token")).toBe(true);
  });

  it("edits the same comment on synchronize", async () => {
    head2 = await config.commitOnBranch("feature", head1, config.withLogLevel("error"), "web_app: error");
    await deliver("pull_request", buildPullRequestPayload("synchronize", repo, { number: 1, headSha: head2, headRef: "feature", baseRef: "main", baseSha: base }));
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.comments[0]?.edits).toBe(1);
    expect(github.state.checkRuns.find((r) => r.headSha === head2)?.conclusion).toBe("success");
  });

  it("deploys a merge to the default branch and reports statuses, a check run and a result comment", async () => {
    await config.setRef("refs/heads/main", head2);
    github.state.pullRequests.push({ owner: repo.owner, repo: repo.name, number: 1, headSha: head2, headRef: "feature", baseRef: "main", headRepo: `${repo.owner}/${repo.name}`, state: "closed", mergeCommitSha: head2 });
    await deliver("push", buildPushPayload(repo, { branch: "main", before: base, after: head2 }));
    const statuses = github.state.statuses.filter((s) => s.sha === head2 && s.context === "phoenix/sync").map((s) => s.state);
    expect(statuses).toEqual(["pending", "success"]);
    expect(github.state.checkRuns.find((r) => r.headSha === head2 && r.name === "phoenix/sync")?.conclusion).toBe("success");
    const result = github.state.comments.find((c) => c.body.startsWith("<!-- phoenix:sync -->"));
    expect(result?.issueNumber).toBe(1);
    expect(result?.body).toContain("3 stacks deployed");
    for (const ns of namespaces) expect((await port.listStackServices(ns)).length).toBeGreaterThan(0);
    expect(await webServiceCommit()).toBe(head2);
  });

  it("fails the check with annotations for a broken config and deploys nothing from it", async () => {
    const broken = await config.commitOnBranch("broken", head2, { "etc/phoenix_stacks_config.json": '{ "docker_stacks": { "web_app": 42 } }\n' }, "break");
    await deliver("pull_request", buildPullRequestPayload("opened", repo, { number: 2, headSha: broken, headRef: "broken", baseRef: "main", baseSha: head2 }));
    const check = github.state.checkRuns.find((r) => r.headSha === broken);
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations.length).toBeGreaterThan(0);
    expect(check?.annotations[0]).toMatchObject({ path: "etc/phoenix_stacks_config.json", annotation_level: "failure" });
    await config.setRef("refs/heads/main", broken);
    await deliver("push", buildPushPayload(repo, { branch: "main", before: head2, after: broken }));
    expect(readFinalStatuses(github.state, "phoenix/sync").get(broken)?.state).toBe("failure");
    expect(await webServiceCommit()).toBe(head2);
    await config.setRef("refs/heads/main", head2);
  });

  it("refuses a delivery with a bad signature and runs nothing", async () => {
    const before = github.requests.length;
    const payload = buildPushPayload(repo, { branch: "main", before: head2, after: head1 });
    const sent = await app.sendWebhook("push", payload, { secret: "not-the-secret" });
    await app.runtime.queue.waitForIdle();
    expect([400, 401]).toContain(sent.status);
    expect(github.requests.length).toBe(before);
  });

  it("plans a fork's pull request with values hidden and never deploys it", async () => {
    const fork = await config.commitOnBranch("fork-head", head2, config.withLogLevel("trace"), "fork change");
    await config.setRef("refs/pull/3/head", fork);
    await deliver("pull_request", buildPullRequestPayload("opened", repo, { number: 3, headSha: fork, headRef: "patch-1", baseRef: "main", baseSha: head2, headRepo: "someone/fork" }));
    const comment = github.state.comments.find((c) => c.issueNumber === 3);
    expect(comment?.body).toContain("Planned from a fork");
    expect(comment?.body).not.toContain("trace");
    expect(github.state.checkRuns.find((r) => r.headSha === fork)?.conclusion).toBe("success");
    expect(github.state.statuses.some((s) => s.sha === fork)).toBe(false);
    expect(await webServiceCommit()).toBe(head2);
  });

  it("ignores a duplicate delivery", async () => {
    const payload = buildPullRequestPayload("synchronize", repo, { number: 1, headSha: head2, headRef: "feature", baseRef: "main", baseSha: base });
    const first = await deliver("pull_request", payload);
    const checks = github.state.checkRuns.length;
    const again = await deliver("pull_request", payload, first.id);
    expect(again.status).toBe(200);
    expect(github.state.checkRuns.length).toBe(checks);
  });

  it("deploys the newest commit of a burst and gives every commit a final status", async () => {
    const burst: string[] = [];
    let parent = head2;
    for (const level of ["burst-1", "burst-2", "burst-3"]) {
      parent = await config.commitOnBranch("main", parent, config.withLogLevel(level), level);
      burst.push(parent);
    }
    let before = head2;
    for (const sha of burst) {
      await app.sendWebhook("push", buildPushPayload(repo, { branch: "main", before, after: sha }));
      before = sha;
    }
    await app.runtime.queue.waitForIdle();
    const finals = readFinalStatuses(github.state, "phoenix/sync");
    for (const sha of burst) expect(finals.get(sha)?.state).toBe("success");
    expect(await webServiceCommit()).toBe(burst[2]);
    expect([...finals.values()].some((s) => s.description.startsWith("superseded by"))).toBe(true);
  });

  it("sent GitHub only requests that fit its API description", () => {
    expect(github.violations).toEqual([]);
  });
});
