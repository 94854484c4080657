import { appendFile, readFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAppReconcileLoop } from "../../src/github/handlers/start-app-reconcile-loop.js";
import type { ReconcileLoop } from "../../src/reconcile/reconcile-loop.js";
import { runGit } from "../helpers/git-cli.js";
import { secondaryRateLimit } from "../helpers/fake-github/fake-github-server.js";
import { readFinalStatuses } from "../helpers/fake-github/fake-github-state.js";
import { WEBHOOK_SECRET } from "../helpers/fake-github/start-test-app.js";
import {
  buildCheckRunRerequestedPayload,
  buildPullRequestCommentPayload,
  buildPullRequestPayload,
  buildPushPayload,
  type PullRequestFixture,
} from "../helpers/fake-github/webhook-payloads.js";
import { FIXTURE_DB_PASSWORD } from "./github-app-fixture.js";
import { startGitHubAppHarness, type GitHubAppHarness } from "./github-app-harness.js";
import { findLeakedSecrets } from "./find-leaked-secrets.js";

const goldenFile = path.resolve(import.meta.dirname, "../golden/github/pr-plan-comment.md");
const ROTATED_DB_PASSWORD = "correct-horse-rotated-db-password";

/**
 * One app, fake GitHub and config repo for the file; every test builds the
 * commits, pull requests and deployed state it needs, so each runs alone
 * (`-t "<name>"`) as well as in order. Fake GitHub's records are shared:
 * tests look only at their own pull request numbers and commits.
 */
let h: GitHubAppHarness;
let nextPullRequestNumber = 1;
let deployments = 0;
/** What deployKnownBase last put in place; undefined once a test changed the swarm behind Phoenix's back. */
let knownBase: { readonly commit: string; readonly logLevel: string } | undefined;
let violationsBefore = 0;

/** Shas, the per-run prefix and the Traefik target directory vary between runs; the golden file holds placeholders. */
function normalise(text: string): string {
  return text
    .replaceAll(h.traefikDir, "<traefik-dir>")
    .replace(/\b[0-9a-f]{40}\b/g, "<sha>")
    .replace(/\b[0-9a-f]{7,12}\b/g, "<short-sha>")
    .replaceAll(h.prefix, "<prefix>");
}

function planChecksOf(sha: string) {
  return h.github.state.checkRuns.filter((r) => r.headSha === sha && r.name === "phoenix/plan");
}

function commentsOn(issueNumber: number) {
  return h.github.state.comments.filter((c) => c.issueNumber === issueNumber);
}

/** One reconcile loop per test, run by hand while the test moves the app's clock: no waiting for real minutes. */
function startManualLoop(): ReconcileLoop {
  return startAppReconcileLoop(h.app.probot, h.app.runtime, { tickMs: 24 * 3_600_000, runAtStart: false });
}

/** A pass of the loop and everything it queued. */
async function runLoop(loop: ReconcileLoop): Promise<void> {
  await loop.runDue();
  await h.app.runtime.queue.waitForIdle();
}

function readMainHead(): Promise<string> {
  return runGit(h.config.repo.dir, ["rev-parse", "refs/heads/main"]);
}

/** Commits `files` on a branch of its own from `base` and names a pull request (a number of its own) with it as head. */
async function commitPullRequest(files: Record<string, string>, options: { readonly base?: string; readonly message?: string } = {}): Promise<PullRequestFixture> {
  const number = nextPullRequestNumber++;
  const headRef = `pr-${number}`;
  const baseSha = options.base ?? h.base;
  const headSha = await h.config.commitOnBranch(headRef, baseSha, files, options.message ?? headRef);
  return { number, headSha, headRef, baseRef: "main", baseSha };
}

/** A pull request that GitHub knows as open and Phoenix has planned (one sticky comment, one phoenix/plan check run). */
async function openPullRequest(files: Record<string, string>, options: { readonly base?: string } = {}): Promise<PullRequestFixture> {
  const pr = await commitPullRequest(files, options);
  h.seedPullRequest(pr, "open");
  await h.deliver("pull_request", buildPullRequestPayload("opened", h.repo, pr));
  expect(commentsOn(pr.number)).toHaveLength(1);
  return pr;
}

/** Merges a pull request on GitHub's side: closed, its head the merge commit and the default branch's head. Returns the push to deliver. */
async function mergePullRequest(pr: PullRequestFixture): Promise<Record<string, unknown>> {
  const known = h.github.state.pullRequests.find((p) => p.number === pr.number) ?? h.seedPullRequest(pr, "closed");
  Object.assign(known, { state: "closed", mergeCommitSha: pr.headSha });
  const before = await readMainHead();
  await h.config.setRef("refs/heads/main", pr.headSha);
  return buildPushPayload(h.repo, { branch: "main", before, after: pr.headSha });
}

/**
 * A known deployed state: a commit on main (the fixture's config with
 * web_app's LOG_LEVEL set to a value no other deployment used), pushed and
 * synced. A sync puts the whole config in place, so whatever an earlier test
 * changed is gone too; the new LOG_LEVEL makes sure the web service is
 * deployed from this very commit. The last one is reused while main and the
 * web service still point at it (a web_app deployment takes ~20 s).
 */
async function deployKnownBase(): Promise<{ readonly commit: string; readonly logLevel: string }> {
  const before = await readMainHead();
  if (knownBase !== undefined && before === knownBase.commit && (await h.readWebServiceCommit()) === knownBase.commit) return knownBase;
  const logLevel = `known-base-${++deployments}`;
  const commit = await h.config.commitOnBranch("main", h.base, h.config.withLogLevel(logLevel), `deploy ${logLevel}`);
  await h.deliver("push", buildPushPayload(h.repo, { branch: "main", before, after: commit }));
  expect(readFinalStatuses(h.github.state, "phoenix/sync").get(commit)?.state).toBe("success");
  expect(await h.readWebServiceCommit()).toBe(commit);
  knownBase = { commit, logLevel };
  return knownBase;
}

beforeAll(async () => {
  h = await startGitHubAppHarness(`gh${process.pid}`);
});

afterAll(async () => {
  await h?.close();
});

beforeEach(() => {
  violationsBefore = h.github.violations.length;
});

afterEach(() => {
  // Every test's requests must fit GitHub's API description, whichever tests ran before it.
  expect(h.github.violations.slice(violationsBefore)).toEqual([]);
});

// A test run alone may deploy the whole fixture before its own deployment: twice the project's two minutes.
describe("the Phoenix GitHub App against a fake GitHub, a real git server and the real swarm", { timeout: 240_000 }, () => {
  it("plans an opened pull request into one sticky comment and a phoenix/plan check run", async () => {
    await h.clearDeployment();
    const pr = await commitPullRequest(h.config.withLogLevel("warn"), { message: "web_app: warn" });
    const sent = await h.deliver("pull_request", buildPullRequestPayload("opened", h.repo, pr));
    expect(sent.status).toBe(200);
    expect(commentsOn(pr.number)).toHaveLength(1);
    const comment = commentsOn(pr.number)[0];
    expect(comment?.body.startsWith("<!-- phoenix:plan -->")).toBe(true);
    await expect(normalise(comment?.body ?? "")).toMatchFileSnapshot(goldenFile);
    const check = planChecksOf(pr.headSha)[0];
    expect(check).toMatchObject({ status: "completed", conclusion: "success" });
    expect(check?.output.title).toContain("3 stacks to create");
    expect(h.github.requests.some((r) => r.operationId === "apps/create-installation-access-token")).toBe(true);
    expect(h.gitServer.requests.every((r) => r.username === "x-access-token")).toBe(true);
  });

  it("edits the same comment on synchronize", async () => {
    const opened = await openPullRequest(h.config.withLogLevel("warn"));
    const head = await h.config.commitOnBranch(opened.headRef, opened.headSha, h.config.withLogLevel("error"), "web_app: error");
    await h.deliver("pull_request", buildPullRequestPayload("synchronize", h.repo, { ...opened, headSha: head }));
    expect(commentsOn(opened.number)).toHaveLength(1);
    expect(commentsOn(opened.number)[0]?.edits).toBe(1);
    expect(planChecksOf(head)[0]?.conclusion).toBe("success");
  });

  it("plans again on Re-run of the phoenix/plan check: the same comment edited, a new check run", async () => {
    await h.clearDeployment();
    const pr = await openPullRequest(h.config.withLogLevel("error"));
    const before = planChecksOf(pr.headSha);
    const rerun = before.at(-1);
    expect(rerun).toBeDefined();
    h.github.failNext("GET", new RegExp(`/pulls/${pr.number}$`), 502);
    const firstRequest = h.github.requests.length;
    await h.deliver("check_run", buildCheckRunRerequestedPayload(h.repo, { id: rerun?.id ?? 0, name: "phoenix/plan" }, pr));
    expect(h.github.requests.slice(firstRequest).filter((r) => r.operationId === "pulls/get").map((r) => r.status)).toEqual([502, 200]);
    const after = planChecksOf(pr.headSha);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ status: "completed", conclusion: "success", output: { title: expect.stringContaining("3 stacks to create") as unknown } });
    expect(commentsOn(pr.number)).toHaveLength(1);
    expect(commentsOn(pr.number)[0]?.edits).toBe(1);
  });

  it("ignores Re-run of a check that is not phoenix/plan", async () => {
    const pr = await commitPullRequest(h.config.withLogLevel("error"));
    const requests = h.github.requests.length;
    await h.deliver("check_run", buildCheckRunRerequestedPayload(h.repo, { id: 1, name: "ci/build" }, pr));
    expect(h.github.requests.length).toBe(requests);
  });

  it("plans again on a `/phoenix plan` comment: the same comment edited, a new check run", async () => {
    const pr = await openPullRequest(h.config.withLogLevel("error"));
    const before = planChecksOf(pr.headSha).length;
    await h.deliver("issue_comment", buildPullRequestCommentPayload(h.repo, { number: pr.number, body: "Rebased on main.\n/phoenix plan\n" }));
    expect(planChecksOf(pr.headSha)).toHaveLength(before + 1);
    expect(planChecksOf(pr.headSha).at(-1)).toMatchObject({ status: "completed", conclusion: "success" });
    expect(commentsOn(pr.number)).toHaveLength(1);
    expect(commentsOn(pr.number)[0]?.edits).toBe(1);
  });

  it("ignores `/phoenix plan` from a user who cannot push to the repository", async () => {
    const pr = await openPullRequest(h.config.withLogLevel("error"));
    h.github.state.permissions.set("drive-by", "read");
    const before = planChecksOf(pr.headSha).length;
    const edits = commentsOn(pr.number)[0]?.edits;
    await h.deliver("issue_comment", buildPullRequestCommentPayload(h.repo, { number: pr.number, body: "/phoenix plan", login: "drive-by" }));
    expect(planChecksOf(pr.headSha)).toHaveLength(before);
    expect(commentsOn(pr.number)[0]?.edits).toBe(edits);
    expect(h.github.requests.some((r) => r.path.endsWith("/collaborators/drive-by/permission"))).toBe(true);
  });

  it("deploys a merge to the default branch and reports statuses, a check run and a result comment", async () => {
    await h.clearDeployment();
    const pr = await commitPullRequest(h.config.withLogLevel("error"));
    await h.deliver("push", await mergePullRequest(pr));
    const head = pr.headSha;
    const statuses = h.github.state.statuses.filter((s) => s.sha === head && s.context === "phoenix/sync").map((s) => s.state);
    expect(statuses).toEqual(["pending", "success"]);
    const check = h.github.state.checkRuns.find((r) => r.headSha === head && r.name === "phoenix/sync");
    expect(check?.conclusion).toBe("success");
    expect(check?.output.summary).toContain(`| \`${h.prefix}-web_app\` | deployed |`);
    const result = commentsOn(pr.number).find((c) => c.body.startsWith("<!-- phoenix:sync -->"));
    expect(result?.body).toContain("3 stacks deployed, 1 infra output applied");
    expect(result?.body).toContain(`| \`traefik\` | local | applied | 1 file changed: \`${path.join(h.traefikDir, "dynamic_conf.yml")}\` |`);
    expect(check?.output.summary).toContain("| `traefik` | local | applied |");
    expect(await readFile(path.join(h.traefikDir, "dynamic_conf.yml"), "utf8")).toContain("http:");
    for (const ns of h.namespaces) expect((await h.port.listStackServices(ns)).length).toBeGreaterThan(0);
    expect(await h.readWebServiceCommit()).toBe(head);
  });

  it("sets phoenix/health success on the default branch's head when the swarm matches it, once per interval", async () => {
    const { commit: deployed } = await deployKnownBase();
    const healthStatuses = () => h.github.state.statuses.filter((s) => s.context === "phoenix/health").length;
    const before = healthStatuses();
    const loop = startManualLoop();
    try {
      await runLoop(loop);
      expect(readFinalStatuses(h.github.state, "phoenix/health").get(deployed)).toMatchObject({ state: "success", description: "in sync: the swarm matches the config" });
      expect(healthStatuses()).toBe(before + 1);
      // The fixture's settings say `drift.intervalMinutes: 5` (the default would be 15); passes come every 180 s.
      h.clock.offsetMs += 4 * 60_000;
      await runLoop(loop);
      expect(healthStatuses()).toBe(before + 1);
      // The first pass past the 5 minutes checks health again.
      h.clock.offsetMs += 4 * 60_000;
      await runLoop(loop);
      expect(healthStatuses()).toBe(before + 2);
    } finally {
      loop.stop();
    }
  });

  it("sets phoenix/health failure naming the stack and the infra file changed behind Phoenix's back", async () => {
    const { commit: deployed } = await deployKnownBase();
    const service = `${h.prefix}-web_app_web`;
    await execa("docker", ["service", "update", "--detach", "--env-add", "CHANGED_BY_HAND=1", service]);
    await appendFile(path.join(h.traefikDir, "dynamic_conf.yml"), "# edited by hand\n");
    const loop = startManualLoop();
    try {
      await runLoop(loop);
      const health = readFinalStatuses(h.github.state, "phoenix/health").get(deployed);
      expect(health?.state).toBe("failure");
      expect(health?.description).toBe(`drifted: ${h.prefix}-web_app (update), traefik (1 file)`);
    } finally {
      loop.stop();
      // The next test that needs a deployed state gets a fresh deployment, which must wait for the manual update.
      knownBase = undefined;
      await h.waitForServiceUpdate(`${h.prefix}-web_app`, service);
    }
  });

  it("fails the check with annotations for a broken config and deploys nothing from it", async () => {
    const { commit: deployed } = await deployKnownBase();
    const pr = await commitPullRequest({ "etc/phoenix_stacks_config.json": '{ "docker_stacks": { "web_app": 42 } }\n' }, { base: deployed, message: "break" });
    await h.deliver("pull_request", buildPullRequestPayload("opened", h.repo, pr));
    const check = planChecksOf(pr.headSha)[0];
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations.length).toBeGreaterThan(0);
    expect(check?.annotations[0]).toMatchObject({ path: "etc/phoenix_stacks_config.json", annotation_level: "failure" });
    try {
      await h.deliver("push", await mergePullRequest(pr));
      expect(readFinalStatuses(h.github.state, "phoenix/sync").get(pr.headSha)?.state).toBe("failure");
      expect(await h.readWebServiceCommit()).toBe(deployed);
    } finally {
      await h.config.setRef("refs/heads/main", deployed);
    }
  });

  it("refuses a delivery with a bad signature and runs nothing", async () => {
    const before = h.github.requests.length;
    const payload = buildPushPayload(h.repo, { branch: "main", before: h.base, after: h.base });
    const sent = await h.app.sendWebhook("push", payload, { secret: "not-the-secret" });
    await h.settle();
    expect([400, 401]).toContain(sent.status);
    expect(h.github.requests.length).toBe(before);
  });

  it("plans a fork's pull request with values hidden and never deploys it", async () => {
    const { commit: deployed } = await deployKnownBase();
    const { number, headSha: fork } = await commitPullRequest(h.config.withLogLevel("trace"), { base: deployed, message: "fork change" });
    await h.config.setRef(`refs/pull/${number}/head`, fork);
    await h.deliver("pull_request", buildPullRequestPayload("opened", h.repo, { number, headSha: fork, headRef: "patch-1", baseRef: "main", baseSha: deployed, headRepo: "someone/fork" }));
    const comment = commentsOn(number)[0];
    expect(comment?.body).toContain("Planned from a fork");
    expect(comment?.body).not.toContain("trace");
    expect(planChecksOf(fork)[0]?.conclusion).toBe("success");
    expect(h.github.state.statuses.some((s) => s.sha === fork)).toBe(false);
    expect(await h.readWebServiceCommit()).toBe(deployed);
  });

  it("ignores a duplicate delivery", async () => {
    const pr = await openPullRequest(h.config.withLogLevel("error"));
    const first = await h.deliver("pull_request", buildPullRequestPayload("synchronize", h.repo, pr));
    const checks = h.github.state.checkRuns.length;
    const again = await h.deliver("pull_request", buildPullRequestPayload("synchronize", h.repo, pr), first.id);
    expect(again.status).toBe(200);
    expect(h.github.state.checkRuns.length).toBe(checks);
  });

  it("deploys the newest commit of a burst and gives every commit a final status", async () => {
    const { commit: deployed } = await deployKnownBase();
    const burst: string[] = [];
    let parent = deployed;
    for (const level of ["burst-1", "burst-2", "burst-3"]) {
      parent = await h.config.commitOnBranch("main", parent, h.config.withLogLevel(level), level);
      burst.push(parent);
    }
    let before = deployed;
    for (const sha of burst) {
      await h.app.sendWebhook("push", buildPushPayload(h.repo, { branch: "main", before, after: sha }));
      before = sha;
    }
    await h.settle();
    const finals = readFinalStatuses(h.github.state, "phoenix/sync");
    for (const sha of burst) expect(finals.get(sha)?.state).toBe("success");
    expect(await h.readWebServiceCommit()).toBe(burst[2]);
    expect(burst.some((sha) => finals.get(sha)?.description.startsWith("superseded by"))).toBe(true);
  });

  describe("a rotated database password, merged while GitHub fails and rate-limits", () => {
    /** A deployed config and a pull request on it that changes only DB_PASSWORD. */
    async function commitRotation(): Promise<PullRequestFixture> {
      const { commit, logLevel } = await deployKnownBase();
      const rotate = h.config.withWebAppVariables({ LOG_LEVEL: logLevel, DB_PASSWORD: ROTATED_DB_PASSWORD });
      return commitPullRequest(rotate, { base: commit, message: "rotate the db password" });
    }

    it("plans the rotation naming DB_PASSWORD and showing neither value", async () => {
      const pr = await commitRotation();
      await h.deliver("pull_request", buildPullRequestPayload("opened", h.repo, pr));
      const body = commentsOn(pr.number)[0]?.body ?? "";
      expect(body).toContain(`\`${h.prefix}-web_app_web\`: update`);
      expect(body).toMatch(/DB_PASSWORD.*\(sensitive\)/);
      expect(planChecksOf(pr.headSha).at(-1)?.output.text).toMatch(/DB_PASSWORD.*\(sensitive\)/);
    });

    it("deploys it and still delivers every result after 502s and a secondary rate limit", async () => {
      const pr = await commitRotation();
      const rotated = pr.headSha;
      const push = await mergePullRequest(pr);
      const statusPath = new RegExp(`/statuses/${rotated}$`);
      // Three attempts lose the pending status for good; the final one fails once, then gets through.
      h.github.failNext("POST", statusPath, 502, { times: 4 });
      h.github.failNext("POST", /\/check-runs$/, 403, secondaryRateLimit(1));
      h.github.failNext("PATCH", /\/check-runs\/\d+$/, 502);
      h.github.failNext("GET", new RegExp(`/commits/${rotated}/pulls$`), 503);
      h.github.failNext("POST", new RegExp(`/issues/${pr.number}/comments$`), 502, { times: 2 });
      const firstRequest = h.github.requests.length;
      await h.deliver("push", push);

      const sent = h.github.requests.slice(firstRequest);
      expect(sent.filter((r) => statusPath.test(r.path)).map((r) => r.status)).toEqual([502, 502, 502, 502, 201]);
      expect(h.github.state.statuses.filter((s) => s.sha === rotated).map((s) => s.state)).toEqual(["success"]);
      const creates = sent.filter((r) => r.operationId === "checks/create");
      expect(creates.map((r) => r.status)).toEqual([403, 201]);
      expect((creates[1]?.receivedAt ?? 0) - (creates[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1000);
      expect(sent.filter((r) => r.operationId === "checks/update").map((r) => r.status)).toEqual([502, 200]);
      expect(h.github.state.checkRuns.find((r) => r.headSha === rotated && r.name === "phoenix/sync")).toMatchObject({ status: "completed", conclusion: "success" });
      expect(sent.filter((r) => r.operationId === "issues/create-comment").map((r) => r.status)).toEqual([502, 502, 201]);
      expect(commentsOn(pr.number).find((c) => c.body.startsWith("<!-- phoenix:sync -->"))?.body).toContain("1 stack deployed");
      expect(await h.readWebServiceCommit()).toBe(rotated);
      const web = (await h.port.listStackServices(`${h.prefix}-web_app`)).find((s) => s.Spec.Name.endsWith("_web"));
      expect(web?.Spec.TaskTemplate.ContainerSpec?.Env).toContain(`DB_PASSWORD=${ROTATED_DB_PASSWORD}`);
    });

    it("never put a token, the private key, the webhook secret or a secret value into a request or a log line", async () => {
      const pr = await commitRotation();
      h.seedPullRequest(pr, "open");
      await h.deliver("pull_request", buildPullRequestPayload("opened", h.repo, pr));
      const push = await mergePullRequest(pr);
      // One refused post, so the retry's log line is among the lines checked.
      h.github.failNext("POST", new RegExp(`/statuses/${pr.headSha}$`), 502);
      await h.deliver("push", push);
      expect(await h.readWebServiceCommit()).toBe(pr.headSha);

      // Everything this file sent and logged so far: this test's rotation, and whatever ran before it.
      const logs = await h.app.readLogs();
      expect(logs).toContain('"msg":"push synced"');
      expect(logs).toContain('"msg":"github request retried"');
      const produced = [
        ...h.github.requests.map((r, i) => ({ where: `request ${i}: ${r.method} ${r.path}`, text: JSON.stringify(r.body ?? null) })),
        ...logs.split("\n").map((line, i) => ({ where: `log line ${i + 1}`, text: line })),
      ];
      expect(produced.some((p) => p.where.includes(`/issues/${pr.number}/comments`) && p.text.includes("DB_PASSWORD"))).toBe(true);
      const keyLine = h.app.privateKey.split("\n")[1] ?? "";
      expect(keyLine.length).toBeGreaterThan(40);
      const secrets = {
        "installation token": h.github.state.token,
        "webhook secret": WEBHOOK_SECRET,
        "app private key": keyLine,
        "fixture DB_PASSWORD": FIXTURE_DB_PASSWORD,
        "rotated DB_PASSWORD": ROTATED_DB_PASSWORD,
      };
      expect(findLeakedSecrets(produced, secrets)).toEqual([]);
    });
  });
});
