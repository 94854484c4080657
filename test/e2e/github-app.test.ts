import { appendFile, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppReconcileLoop } from "../../src/github/start-app-reconcile-loop.js";
import type { ReconcileLoop } from "../../src/reconcile/reconcile-loop.js";
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

let h: GitHubAppHarness;

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

beforeAll(async () => {
  h = await startGitHubAppHarness(`gh${process.pid}`);
});

afterAll(async () => {
  await h?.close();
});

describe("the Phoenix GitHub App against a fake GitHub, a real git server and the real swarm", () => {
  let head1: string;
  let head2: string;
  let pr1: PullRequestFixture;
  let burstHead: string;

  it("plans an opened pull request into one sticky comment and a phoenix/plan check run", async () => {
    head1 = await h.config.commitOnBranch("feature", h.base, h.config.withLogLevel("warn"), "web_app: warn");
    const sent = await h.deliver("pull_request", buildPullRequestPayload("opened", h.repo, { number: 1, headSha: head1, headRef: "feature", baseRef: "main", baseSha: h.base }));
    expect(sent.status).toBe(200);
    expect(h.github.state.comments).toHaveLength(1);
    const comment = h.github.state.comments[0];
    expect(comment?.body.startsWith("<!-- phoenix:plan -->")).toBe(true);
    const actual = normalise(comment?.body ?? "");
    if (process.env.UPDATE_GOLDEN === "1") await writeFile(goldenFile, actual);
    expect(actual).toBe(await readFile(goldenFile, "utf8"));
    const check = h.github.state.checkRuns.find((r) => r.headSha === head1 && r.name === "phoenix/plan");
    expect(check).toMatchObject({ status: "completed", conclusion: "success" });
    expect(check?.output.title).toContain("3 stacks to create");
    expect(h.github.requests.some((r) => r.operationId === "apps/create-installation-access-token")).toBe(true);
    expect(h.gitServer.requests.every((r) => r.username === "x-access-token")).toBe(true);
  });

  it("edits the same comment on synchronize", async () => {
    head2 = await h.config.commitOnBranch("feature", head1, h.config.withLogLevel("error"), "web_app: error");
    pr1 = { number: 1, headSha: head2, headRef: "feature", baseRef: "main", baseSha: h.base };
    await h.deliver("pull_request", buildPullRequestPayload("synchronize", h.repo, pr1));
    expect(h.github.state.comments).toHaveLength(1);
    expect(h.github.state.comments[0]?.edits).toBe(1);
    expect(h.github.state.checkRuns.find((r) => r.headSha === head2)?.conclusion).toBe("success");
  });

  it("plans again on Re-run of the phoenix/plan check: the same comment edited, a new check run", async () => {
    h.seedPullRequest(pr1, "open");
    const before = planChecksOf(head2);
    const rerun = before.at(-1);
    expect(rerun).toBeDefined();
    h.github.failNext("GET", /\/pulls\/1$/, 502);
    const firstRequest = h.github.requests.length;
    await h.deliver("check_run", buildCheckRunRerequestedPayload(h.repo, { id: rerun?.id ?? 0, name: "phoenix/plan" }, pr1));
    expect(h.github.requests.slice(firstRequest).filter((r) => r.operationId === "pulls/get").map((r) => r.status)).toEqual([502, 200]);
    const after = planChecksOf(head2);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ status: "completed", conclusion: "success", output: { title: expect.stringContaining("3 stacks to create") as unknown } });
    expect(commentsOn(1)).toHaveLength(1);
    expect(commentsOn(1)[0]?.edits).toBe(2);
  });

  it("ignores Re-run of a check that is not phoenix/plan", async () => {
    const requests = h.github.requests.length;
    await h.deliver("check_run", buildCheckRunRerequestedPayload(h.repo, { id: 1, name: "ci/build" }, pr1));
    expect(h.github.requests.length).toBe(requests);
  });

  it("plans again on a `/phoenix plan` comment: the same comment edited, a new check run", async () => {
    const before = planChecksOf(head2).length;
    await h.deliver("issue_comment", buildPullRequestCommentPayload(h.repo, { number: 1, body: "Rebased on main.\n/phoenix plan\n" }));
    expect(planChecksOf(head2)).toHaveLength(before + 1);
    expect(planChecksOf(head2).at(-1)).toMatchObject({ status: "completed", conclusion: "success" });
    expect(commentsOn(1)).toHaveLength(1);
    expect(commentsOn(1)[0]?.edits).toBe(3);
  });

  it("ignores `/phoenix plan` from a user who cannot push to the repository", async () => {
    h.github.state.permissions.set("drive-by", "read");
    const before = planChecksOf(head2).length;
    const edits = commentsOn(1)[0]?.edits;
    await h.deliver("issue_comment", buildPullRequestCommentPayload(h.repo, { number: 1, body: "/phoenix plan", login: "drive-by" }));
    expect(planChecksOf(head2)).toHaveLength(before);
    expect(commentsOn(1)[0]?.edits).toBe(edits);
    expect(h.github.requests.some((r) => r.path.endsWith("/collaborators/drive-by/permission"))).toBe(true);
  });

  it("deploys a merge to the default branch and reports statuses, a check run and a result comment", async () => {
    await h.config.setRef("refs/heads/main", head2);
    Object.assign(h.github.state.pullRequests.find((p) => p.number === 1) ?? {}, { state: "closed", mergeCommitSha: head2 });
    await h.deliver("push", buildPushPayload(h.repo, { branch: "main", before: h.base, after: head2 }));
    const statuses = h.github.state.statuses.filter((s) => s.sha === head2 && s.context === "phoenix/sync").map((s) => s.state);
    expect(statuses).toEqual(["pending", "success"]);
    const check = h.github.state.checkRuns.find((r) => r.headSha === head2 && r.name === "phoenix/sync");
    expect(check?.conclusion).toBe("success");
    expect(check?.output.summary).toContain(`| \`${h.prefix}-web_app\` | deployed |`);
    const result = h.github.state.comments.find((c) => c.body.startsWith("<!-- phoenix:sync -->"));
    expect(result?.issueNumber).toBe(1);
    expect(result?.body).toContain("3 stacks deployed, 1 infra output applied");
    expect(result?.body).toContain(`| \`traefik\` | local | applied | 1 file changed: \`${path.join(h.traefikDir, "dynamic_conf.yml")}\` |`);
    expect(check?.output.summary).toContain("| `traefik` | local | applied |");
    expect(await readFile(path.join(h.traefikDir, "dynamic_conf.yml"), "utf8")).toContain("http:");
    for (const ns of h.namespaces) expect((await h.port.listStackServices(ns)).length).toBeGreaterThan(0);
    expect(await h.readWebServiceCommit()).toBe(head2);
  });

  it("sets phoenix/health success on the default branch's head when the swarm matches it, once per interval", async () => {
    const loop = startManualLoop();
    try {
      await runLoop(loop);
      expect(readFinalStatuses(h.github.state, "phoenix/health").get(head2)).toMatchObject({ state: "success", description: "in sync: the swarm matches the config" });
      const healthStatuses = () => h.github.state.statuses.filter((s) => s.context === "phoenix/health").length;
      // The fixture's settings say `drift.intervalMinutes: 5` (the default would be 15); passes come every 180 s.
      h.clock.offsetMs += 4 * 60_000;
      await runLoop(loop);
      expect(healthStatuses()).toBe(1);
      // The next pass is 180 s after the last one: the first pass past the 5 minutes checks health again.
      h.clock.offsetMs += 4 * 60_000;
      await runLoop(loop);
      expect(healthStatuses()).toBe(2);
    } finally {
      loop.stop();
    }
  });

  it("sets phoenix/health failure naming the stack and the infra file changed behind Phoenix's back", async () => {
    const service = `${h.prefix}-web_app_web`;
    await execa("docker", ["service", "update", "--detach", "--env-add", "CHANGED_BY_HAND=1", service]);
    await appendFile(path.join(h.traefikDir, "dynamic_conf.yml"), "# edited by hand\n");
    const loop = startManualLoop();
    try {
      await runLoop(loop);
      const health = readFinalStatuses(h.github.state, "phoenix/health").get(head2);
      expect(health?.state).toBe("failure");
      expect(health?.description).toBe(`drifted: ${h.prefix}-web_app (update), traefik (1 file)`);
    } finally {
      loop.stop();
      // Later tests deploy web_app again: let the manual update finish first.
      await h.waitForServiceUpdate(`${h.prefix}-web_app`, service);
    }
  });

  it("fails the check with annotations for a broken config and deploys nothing from it", async () => {
    const broken = await h.config.commitOnBranch("broken", head2, { "etc/phoenix_stacks_config.json": '{ "docker_stacks": { "web_app": 42 } }\n' }, "break");
    await h.deliver("pull_request", buildPullRequestPayload("opened", h.repo, { number: 2, headSha: broken, headRef: "broken", baseRef: "main", baseSha: head2 }));
    const check = h.github.state.checkRuns.find((r) => r.headSha === broken);
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations.length).toBeGreaterThan(0);
    expect(check?.annotations[0]).toMatchObject({ path: "etc/phoenix_stacks_config.json", annotation_level: "failure" });
    await h.config.setRef("refs/heads/main", broken);
    await h.deliver("push", buildPushPayload(h.repo, { branch: "main", before: head2, after: broken }));
    expect(readFinalStatuses(h.github.state, "phoenix/sync").get(broken)?.state).toBe("failure");
    expect(await h.readWebServiceCommit()).toBe(head2);
    await h.config.setRef("refs/heads/main", head2);
  });

  it("refuses a delivery with a bad signature and runs nothing", async () => {
    const before = h.github.requests.length;
    const payload = buildPushPayload(h.repo, { branch: "main", before: head2, after: head1 });
    const sent = await h.app.sendWebhook("push", payload, { secret: "not-the-secret" });
    await h.app.runtime.queue.waitForIdle();
    expect([400, 401]).toContain(sent.status);
    expect(h.github.requests.length).toBe(before);
  });

  it("plans a fork's pull request with values hidden and never deploys it", async () => {
    const fork = await h.config.commitOnBranch("fork-head", head2, h.config.withLogLevel("trace"), "fork change");
    await h.config.setRef("refs/pull/3/head", fork);
    await h.deliver("pull_request", buildPullRequestPayload("opened", h.repo, { number: 3, headSha: fork, headRef: "patch-1", baseRef: "main", baseSha: head2, headRepo: "someone/fork" }));
    const comment = commentsOn(3)[0];
    expect(comment?.body).toContain("Planned from a fork");
    expect(comment?.body).not.toContain("trace");
    expect(h.github.state.checkRuns.find((r) => r.headSha === fork)?.conclusion).toBe("success");
    expect(h.github.state.statuses.some((s) => s.sha === fork)).toBe(false);
    expect(await h.readWebServiceCommit()).toBe(head2);
  });

  it("ignores a duplicate delivery", async () => {
    const first = await h.deliver("pull_request", buildPullRequestPayload("synchronize", h.repo, pr1));
    const checks = h.github.state.checkRuns.length;
    const again = await h.deliver("pull_request", buildPullRequestPayload("synchronize", h.repo, pr1), first.id);
    expect(again.status).toBe(200);
    expect(h.github.state.checkRuns.length).toBe(checks);
  });

  it("deploys the newest commit of a burst and gives every commit a final status", async () => {
    const burst: string[] = [];
    let parent = head2;
    for (const level of ["burst-1", "burst-2", "burst-3"]) {
      parent = await h.config.commitOnBranch("main", parent, h.config.withLogLevel(level), level);
      burst.push(parent);
    }
    let before = head2;
    for (const sha of burst) {
      await h.app.sendWebhook("push", buildPushPayload(h.repo, { branch: "main", before, after: sha }));
      before = sha;
    }
    await h.app.runtime.queue.waitForIdle();
    const finals = readFinalStatuses(h.github.state, "phoenix/sync");
    for (const sha of burst) expect(finals.get(sha)?.state).toBe("success");
    burstHead = burst[2] ?? "";
    expect(await h.readWebServiceCommit()).toBe(burstHead);
    expect([...finals.values()].some((s) => s.description.startsWith("superseded by"))).toBe(true);
  });

  describe("a rotated database password, merged while GitHub fails and rate-limits", () => {
    let rotated: string;

    it("plans the rotation naming DB_PASSWORD and showing neither value", async () => {
      rotated = await h.config.commitOnBranch("rotate", burstHead, h.config.withWebAppVariables({ LOG_LEVEL: "burst-3", DB_PASSWORD: ROTATED_DB_PASSWORD }), "rotate the db password");
      await h.deliver("pull_request", buildPullRequestPayload("opened", h.repo, { number: 4, headSha: rotated, headRef: "rotate", baseRef: "main", baseSha: burstHead }));
      const body = commentsOn(4)[0]?.body ?? "";
      expect(body).toContain(`\`${h.prefix}-web_app_web\`: update`);
      expect(body).toMatch(/DB_PASSWORD.*\(sensitive\)/);
      expect(planChecksOf(rotated).at(-1)?.output.text).toMatch(/DB_PASSWORD.*\(sensitive\)/);
    });

    it("deploys it and still delivers every result after 502s and a secondary rate limit", async () => {
      h.seedPullRequest({ number: 4, headSha: rotated, headRef: "rotate", baseRef: "main", baseSha: burstHead }, "closed").mergeCommitSha = rotated;
      await h.config.setRef("refs/heads/main", rotated);
      const statusPath = new RegExp(`/statuses/${rotated}$`);
      // Three attempts lose the pending status for good; the final one fails once, then gets through.
      h.github.failNext("POST", statusPath, 502, { times: 4 });
      h.github.failNext("POST", /\/check-runs$/, 403, secondaryRateLimit(1));
      h.github.failNext("PATCH", /\/check-runs\/\d+$/, 502);
      h.github.failNext("GET", new RegExp(`/commits/${rotated}/pulls$`), 503);
      h.github.failNext("POST", /\/issues\/4\/comments$/, 502, { times: 2 });
      const firstRequest = h.github.requests.length;
      await h.deliver("push", buildPushPayload(h.repo, { branch: "main", before: burstHead, after: rotated }));

      const sent = h.github.requests.slice(firstRequest);
      expect(sent.filter((r) => statusPath.test(r.path)).map((r) => r.status)).toEqual([502, 502, 502, 502, 201]);
      expect(h.github.state.statuses.filter((s) => s.sha === rotated).map((s) => s.state)).toEqual(["success"]);
      const creates = sent.filter((r) => r.operationId === "checks/create");
      expect(creates.map((r) => r.status)).toEqual([403, 201]);
      expect((creates[1]?.receivedAt ?? 0) - (creates[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1000);
      expect(sent.filter((r) => r.operationId === "checks/update").map((r) => r.status)).toEqual([502, 200]);
      expect(h.github.state.checkRuns.find((r) => r.headSha === rotated && r.name === "phoenix/sync")).toMatchObject({ status: "completed", conclusion: "success" });
      expect(sent.filter((r) => r.operationId === "issues/create-comment").map((r) => r.status)).toEqual([502, 502, 201]);
      expect(commentsOn(4).find((c) => c.body.startsWith("<!-- phoenix:sync -->"))?.body).toContain("1 stack deployed");
      expect(await h.readWebServiceCommit()).toBe(rotated);
      const web = (await h.port.listStackServices(`${h.prefix}-web_app`)).find((s) => s.Spec.Name.endsWith("_web"));
      expect(web?.Spec.TaskTemplate.ContainerSpec?.Env).toContain(`DB_PASSWORD=${ROTATED_DB_PASSWORD}`);
    });

    it("never put a token, the private key, the webhook secret or a secret value into a request or a log line", async () => {
      const logs = await h.app.readLogs();
      expect(logs).toContain('"msg":"push synced"');
      expect(logs).toContain('"msg":"github request retried"');
      const produced = [
        ...h.github.requests.map((r, i) => ({ where: `request ${i}: ${r.method} ${r.path}`, text: JSON.stringify(r.body ?? null) })),
        ...logs.split("\n").map((line, i) => ({ where: `log line ${i + 1}`, text: line })),
      ];
      expect(produced.some((p) => p.where.includes("/issues/4/comments") && p.text.includes("DB_PASSWORD"))).toBe(true);
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

  it("sent GitHub only requests that fit its API description", () => {
    expect(h.github.violations).toEqual([]);
  });
});
