import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRUST_NOTICE_TITLE } from "../../src/report/render-trust-notice.js";
import { buildPullRequestPayload } from "../helpers/fake-github/webhook-payloads.js";
import { startGitHubAppHarness, type GitHubAppHarness } from "./github-app-harness.js";

/**
 * A same-repo pull request is written by anyone who can push a branch: its
 * plan must neither run what it asks for nor read what it points at, and
 * must say loudly what it would change after a merge.
 */
let h: GitHubAppHarness;
let work: string;
let nextPr = 40;

beforeAll(async () => {
  h = await startGitHubAppHarness(`untrusted${process.pid}`);
  work = await mkdtemp(path.join(os.tmpdir(), "phoenix-untrusted-"));
});

afterAll(async () => {
  await h?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const SETTINGS = ".github/phoenix.yml";

/** The fixture's settings with the infra targets replaced. */
async function settingsWithTargets(targets: string): Promise<string> {
  const current = await readFile(path.join(h.config.repo.dir, SETTINGS), "utf8");
  const head = current.slice(0, current.indexOf("infra:\n"));
  return `${head}infra:\n  targets:\n${targets}`;
}

/** Opens a pull request whose head commits `files` on the fixture's first commit; returns what GitHub received for it. */
async function openPullRequest(files: Record<string, string>) {
  const number = nextPr++;
  const headSha = await h.config.commitOnBranch(`untrusted-${number}`, h.base, files, `untrusted ${number}`);
  const sent = h.github.requests.length;
  await h.deliver("pull_request", buildPullRequestPayload("opened", h.repo, { number, headSha, headRef: `untrusted-${number}`, baseRef: "main", baseSha: h.base }));
  const requests = h.github.requests.slice(sent);
  const comment = h.github.state.comments.find((c) => c.issueNumber === number)?.body ?? "";
  const check = h.github.state.checkRuns.filter((r) => r.headSha === headSha && r.name === "phoenix/plan").at(-1);
  return { comment, check, posted: JSON.stringify(requests.map((r) => r.body)) };
}

describe("a same-repo pull request that changes what Phoenix executes or connects to", () => {
  it("is planned with the default branch's targets: its reload never runs, its directory is never read, and the check asks for review", async () => {
    const hostDir = path.join(work, "host-dir");
    await mkdir(hostDir, { recursive: true });
    await writeFile(path.join(hostDir, "dynamic_conf.yml"), "CANARY-HOST-FILE-c41d\n");
    const marker = path.join(work, "reload-ran");
    const settings = await settingsWithTargets(
      [
        "    dns: { kind: none }",
        "    firewall: { kind: none }",
        `    traefik: { kind: local, path: ${JSON.stringify(hostDir)}, reload: ${JSON.stringify(`touch ${marker}`)} }`,
        `    nginx: { kind: ssh, host: 127.0.0.1, port: 1, path: /etc/nginx, reload: ${JSON.stringify(`touch ${marker}`)} }`,
        "",
      ].join("\n"),
    );
    const { comment, check, posted } = await openPullRequest({ [SETTINGS]: settings });
    expect(comment).toContain(TRUST_NOTICE_TITLE);
    expect(comment.indexOf(TRUST_NOTICE_TITLE)).toBeLessThan(comment.indexOf("### Phoenix plan"));
    expect(comment).toContain("infra.targets.traefik");
    expect(comment).toContain("infra.targets.nginx");
    expect(check).toMatchObject({ status: "completed", conclusion: "action_required" });
    // The Traefik file is diffed where the default branch deploys it, never in the directory the PR names.
    expect(comment).toContain(path.join(h.traefikDir, "dynamic_conf.yml"));
    expect(posted).not.toContain("CANARY-HOST-FILE-c41d");
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses an ssh option that runs a command: the plan is an error at the settings line, the command never runs", async () => {
    const marker = path.join(work, "proxy-command-ran");
    const settings = await settingsWithTargets(
      [
        `    dns: { kind: ssh, host: 127.0.0.1, path: /etc, sshOptions: [${JSON.stringify(`ProxyCommand=sh -c 'touch ${marker}; cat /etc/hostname'`)}] }`,
        "    firewall: { kind: none }",
        "    traefik: { kind: none }",
        "    nginx: { kind: none }",
        "",
      ].join("\n"),
    );
    const { comment, check } = await openPullRequest({ [SETTINGS]: settings });
    expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(comment).toMatch(/\.github\/phoenix\.yml:\d+:\d+ error/);
    expect(existsSync(marker)).toBe(false);
  });

  it("keeps answering /healthz within a second while it plans a YAML alias bomb and a deeply nested JSON file", async () => {
    const bomb = ['version: "3.8"', 'x-l0: &l0 ["lol"]'];
    for (let level = 1; level <= 10; level++) bomb.push(`x-l${level}: &l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(", ")}]`);
    bomb.push("services:", "  web:", "    image: phoenix-test/busybox:1", "x-bomb: *l10", "");
    const files = {
      "stacks/web_app/docker-compose.yml": bomb.join("\n"),
      "etc/phoenix_stacks_config.json": `${"[".repeat(200_000)}${"]".repeat(200_000)}\n`,
    };
    let slowest = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const started = performance.now();
        const answer = await fetch(`${h.app.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
        expect(answer.status).toBe(200);
        slowest = Math.max(slowest, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const started = performance.now();
    const { check, comment } = await openPullRequest(files);
    const planMs = performance.now() - started;
    polling = false;
    await poll;
    expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(comment).toContain("stacks/web_app/docker-compose.yml");
    expect(planMs).toBeLessThan(10_000);
    expect(slowest).toBeLessThan(1_000);
  });
});
