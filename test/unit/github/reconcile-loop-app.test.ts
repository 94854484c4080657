/**
 * The app's reconcile loop against the fake GitHub, a real git server and an
 * in-memory swarm, with a clock moved by hand: no test waits for an interval.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TaskInfo } from "../../../src/engine/engine-objects.js";
import type { ContainerSpec } from "../../../src/engine/engine-service-spec.js";
import { startAppReconcileLoop } from "../../../src/github/handlers/start-app-reconcile-loop.js";
import type { ReconcileLoop } from "../../../src/reconcile/reconcile-loop.js";
import { readSyncRecord } from "../../../src/reconcile/sync-record-store.js";
import { startGitHttpServer, type GitHttpServer } from "../../helpers/git-http-server.js";
import { startFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/fake-github-server.js";
import { readFinalStatuses } from "../../helpers/fake-github/fake-github-state.js";
import { startTestApp, type TestApp } from "../../helpers/fake-github/start-test-app.js";
import { buildPullRequestCommentPayload, MAINTAINER_LOGIN, type RepoFixture } from "../../helpers/fake-github/webhook-payloads.js";
import { createConfigRepoFixture, type ConfigRepoFixture } from "../../e2e/github-app-fixture.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

const SETTINGS = ".github/phoenix.yml";
const WEB = "unit-web_app_web";

interface Harness {
  readonly github: FakeGitHub;
  readonly config: ConfigRepoFixture;
  readonly swarm: FakeSwarmPort;
  readonly repo: RepoFixture;
  readonly clock: { ms: number };
  app: TestApp;
  loop: ReconcileLoop;
  /** Runs every due pass and waits until what they queued is done. */
  pass(): Promise<void>;
  /** Commits on main without sending a webhook (a push GitHub never delivered). */
  commitOnMain(files: Record<string, string>, message: string): Promise<string>;
  /** A new app process: a fresh runtime (no memory) on the same GitHub and swarm. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

let h: Harness;

async function startHarness(settings: string): Promise<Harness> {
  const github = await startFakeGitHub();
  const config = await createConfigRepoFixture("unit");
  const gitServer: GitHttpServer = await startGitHttpServer({ repoDir: config.repo.dir, auth: { username: "x-access-token", password: github.state.token } });
  github.state.listCommits = (_owner, _repo, ref) => execFileSync("git", ["-C", config.repo.dir, "rev-list", "--max-count=100", ref], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  github.state.permissions.set(MAINTAINER_LOGIN, "write");
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), "phoenix-gh-reconcile-"));
  const swarm = new FakeSwarmPort();
  const clock = { ms: Date.now() };
  const repo: RepoFixture = { owner: "phoenix-test", name: path.basename(config.repo.dir), cloneUrl: gitServer.url, defaultBranch: "main", installationId: 7 };
  github.state.installations.push({ id: 7, repositories: [{ owner: repo.owner, name: repo.name, cloneUrl: repo.cloneUrl, defaultBranch: "main" }] });
  let head = config.repo.commits[0] ?? "";
  const start = async () => {
    const app = await startTestApp(github, { openPort: async () => swarm, cacheDir, now: () => clock.ms });
    return { app, loop: startAppReconcileLoop(app.probot, app.runtime, { tickMs: 24 * 3_600_000, runAtStart: false }) };
  };
  const original = await readFile(path.join(config.repo.dir, SETTINGS), "utf8");
  const harness: Harness = {
    github,
    config,
    swarm,
    repo,
    clock,
    ...(await start()),
    async pass() {
      await harness.loop.runDue();
      await harness.app.runtime.queue.waitForIdle();
    },
    async commitOnMain(files, message) {
      head = await config.commitOnBranch("main", head, files, message);
      return head;
    },
    async restart() {
      harness.loop.stop();
      await harness.app.close();
      Object.assign(harness, await start());
    },
    async close() {
      harness.loop.stop();
      await harness.app.close();
      await gitServer.close();
      await github.close();
      await config.repo.remove();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
  // The fixture's settings, with convergence not monitored (the fake's tasks run at once) and the loop's own.
  await harness.commitOnMain({ [SETTINGS]: original.replace("monitorSeconds: 1", "monitorSeconds: 0") + settings }, "settings");
  return harness;
}

function syncStatuses(sha: string): string[] {
  return h.github.state.statuses.filter((s) => s.sha === sha && s.context === "phoenix/sync").map((s) => `${s.state}: ${s.description}`);
}

function syncChecks(sha: string) {
  return h.github.state.checkRuns.filter((r) => r.headSha === sha && r.name === "phoenix/sync");
}

function healthOf(sha: string) {
  return readFinalStatuses(h.github.state, "phoenix/health").get(sha);
}

beforeAll(async () => {
  // The first request loads the whole api.github.com description into the fakes (once per process): not inside a test.
  const warm = await startFakeGitHub();
  await fetch(`${warm.url}/repos/o/r/statuses/warm-up`, { method: "POST", body: JSON.stringify({ state: "success" }) });
  await warm.close();
}, 120_000);

afterEach(async () => {
  await h.close();
});

describe("the reconcile loop", () => {
  describe("with reconcile.intervalSeconds: 10", () => {
    beforeEach(async () => {
      h = await startHarness("reconcile:\n  intervalSeconds: 10\n");
    }, 60_000);

    it("deploys a head whose push never arrived, with the statuses and check run of a push, then leaves it alone", { timeout: 60_000 }, async () => {
      const head = await h.commitOnMain(h.config.withLogLevel("warn"), "web_app: warn");
      await h.pass();
      expect(syncStatuses(head)).toEqual(["pending: queued for deployment: found by the reconcile loop (no push event arrived)", "success: 3 stacks deployed"]);
      expect(syncChecks(head)).toEqual([expect.objectContaining({ status: "completed", conclusion: "success" })]);
      expect((await readSyncRecord(h.swarm, "phoenix"))?.record).toMatchObject({ commit: head, result: "success" });
      const requests = h.github.requests.length;
      h.clock.ms += 10_000;
      await h.pass();
      // The steady state: one fetch and one swarm read per pass, no GitHub API call, nothing deployed again.
      expect(h.github.requests.slice(requests).map((r) => r.operationId)).toEqual([]);
      expect(syncStatuses(head)).toHaveLength(2);
      // A repo that manages no certificate gets no phoenix/certificates status.
      expect(h.github.state.statuses.filter((s) => s.context === "phoenix/certificates")).toEqual([]);
      expect(h.github.violations).toEqual([]);
    });

    it("retries a failing sync after 1, 2 and 4 intervals, then leaves it failed until /phoenix sync", { timeout: 60_000 }, async () => {
      h.swarm.rejectService.set(WEB, "No such image: web:broken");
      const head = await h.commitOnMain(h.config.withLogLevel("warn"), "web_app: warn");
      await h.pass();
      expect(syncStatuses(head).at(-1)).toMatch(/^pending: attempt 1 of 4 failed, retrying in 10 s: /);
      for (const [wait, attempt] of [[10, 2], [20, 3]] as const) {
        h.clock.ms += wait * 1000 - 1;
        await h.pass();
        expect(syncChecks(head)).toHaveLength(attempt - 1);
        h.clock.ms += 1;
        await h.pass();
        expect(syncChecks(head)).toHaveLength(attempt);
        expect(syncStatuses(head).at(-1)).toMatch(new RegExp(`^pending: attempt ${attempt} of 4 failed, retrying in ${wait * 2} s: `));
      }
      h.clock.ms += 40_000;
      await h.pass();
      expect(syncStatuses(head).at(-1)).toMatch(/^failure: failed 4 times, left failed until a new commit or \/phoenix sync: /);
      h.clock.ms += 3_600_000;
      await h.pass();
      expect(syncChecks(head)).toHaveLength(4);
      expect(readFinalStatuses(h.github.state, "phoenix/sync").get(head)?.state).toBe("failure");

      h.swarm.rejectService.delete(WEB);
      await h.app.sendWebhook("issue_comment", buildPullRequestCommentPayload(h.repo, { number: 5, body: "/phoenix sync" }));
      await h.app.runtime.queue.waitForIdle();
      // api_service runs on a VM that depends on web_app's: held back while web_app failed, it deploys now too.
      expect(syncStatuses(head).slice(-2)).toEqual(["pending: queued for deployment: /phoenix sync", "success: 2 stacks deployed"]);
      expect(syncChecks(head)).toHaveLength(5);
      expect(h.github.violations).toEqual([]);
    });

    it("ignores /phoenix sync from a user who cannot push", { timeout: 60_000 }, async () => {
      const head = await h.commitOnMain(h.config.withLogLevel("warn"), "web_app: warn");
      await h.app.sendWebhook("issue_comment", buildPullRequestCommentPayload(h.repo, { number: 5, body: "/phoenix sync", login: "drive-by" }));
      await h.app.runtime.queue.waitForIdle();
      expect(syncStatuses(head)).toEqual([]);
    });

    it("after a restart, finishes every sync a stopped process left pending", { timeout: 60_000 }, async () => {
      const older = await h.commitOnMain(h.config.withLogLevel("warn"), "web_app: warn");
      const head = await h.commitOnMain(h.config.withLogLevel("error"), "web_app: error");
      // What a process killed mid-sync leaves: pending statuses, no final ones, no record of the head.
      for (const sha of [older, head]) h.github.state.statuses.push({ owner: h.repo.owner, repo: h.repo.name, sha, state: "pending", context: "phoenix/sync", description: "queued for deployment" });
      await h.restart();
      await h.pass();
      const finals = readFinalStatuses(h.github.state, "phoenix/sync");
      expect(finals.get(head)).toMatchObject({ state: "success", description: "3 stacks deployed" });
      expect(finals.get(older)).toMatchObject({ state: "success", description: `superseded by ${head.slice(0, 7)}: 3 stacks deployed` });
      expect(syncStatuses(head)[1]).toBe("pending: queued for deployment again: the previous run was interrupted");
    });

    it("after a restart, gives commits left pending the head's final status without deploying again", { timeout: 60_000 }, async () => {
      const head = await h.commitOnMain(h.config.withLogLevel("warn"), "web_app: warn");
      await h.pass();
      const newer = await h.commitOnMain({ "README.md": "docs only\n" }, "docs");
      const pushed = { owner: h.repo.owner, repo: h.repo.name, context: "phoenix/sync" };
      h.github.state.statuses.push({ ...pushed, sha: head, state: "pending", description: "queued for deployment" });
      h.github.state.statuses.push({ ...pushed, sha: newer, state: "success", description: "nothing to deploy" });
      await h.restart();
      const writes = h.swarm.calls.length;
      await h.pass();
      expect(readFinalStatuses(h.github.state, "phoenix/sync").get(head)).toMatchObject({ state: "success", description: `superseded by ${newer.slice(0, 7)}: nothing to deploy` });
      expect(syncChecks(newer)).toEqual([]);
      expect(h.swarm.calls.length).toBe(writes);
    });

    it("fails phoenix/health on a crash loop with the task's error, apart from spec drift", { timeout: 60_000 }, async () => {
      const head = await h.commitOnMain(h.config.withLogLevel("warn"), "web_app: warn");
      await h.pass();
      expect(healthOf(head)).toMatchObject({ state: "success", description: "in sync: the swarm matches the config" });
      const failed = (serviceId: string, agoMs: number): TaskInfo => ({
        ID: `crash-${agoMs}`,
        ServiceID: serviceId,
        NodeID: "node1",
        DesiredState: "shutdown",
        Status: { State: "failed", Timestamp: new Date(h.clock.ms - agoMs).toISOString(), Err: "task: non-zero exit (1)" },
      });
      h.swarm.taskScripts.set(WEB, (service) => [failed(service.ID, 5_000), failed(service.ID, 65_000), failed(service.ID, 125_000)]);
      h.clock.ms += 5 * 60_000;
      await h.pass();
      expect(healthOf(head)).toMatchObject({
        state: "failure",
        description: `crash loop: ${WEB} (3 failures in 5 min: task: non-zero exit (1))`,
      });
    });
  });

  describe("with reconcile.intervalSeconds: 0", () => {
    beforeEach(async () => {
      h = await startHarness("reconcile:\n  intervalSeconds: 0\n");
    }, 60_000);

    it("deploys nothing a push did not ask for", { timeout: 60_000 }, async () => {
      const head = await h.commitOnMain(h.config.withLogLevel("warn"), "web_app: warn");
      await h.pass();
      expect(syncStatuses(head)).toEqual([]);
      expect(h.swarm.services.size).toBe(0);
    });
  });

  describe("with reconcile.selfHeal: true", () => {
    beforeEach(async () => {
      h = await startHarness("reconcile:\n  intervalSeconds: 10\n  selfHeal: true\n");
    }, 60_000);

    it("puts drift back within one interval and says what it healed", { timeout: 60_000 }, async () => {
      const head = await h.commitOnMain(h.config.withLogLevel("warn"), "web_app: warn");
      await h.pass();
      const [id, web] = [...h.swarm.services].find(([, s]) => s.Spec.Name === WEB) ?? [];
      if (id === undefined || web === undefined) throw new Error(`${WEB} was not deployed`);
      const env = web.Spec.TaskTemplate.ContainerSpec?.Env ?? [];
      // As `docker service update --env-add` would: the swarm bumps the service's version with every change.
      const changed = { ...web.Spec, TaskTemplate: { ...web.Spec.TaskTemplate, ContainerSpec: { ...web.Spec.TaskTemplate.ContainerSpec, Env: [...env, "CHANGED_BY_HAND=1"] } as ContainerSpec } };
      h.swarm.services.set(id, { ...web, Version: { Index: web.Version.Index + 1 }, Spec: changed });
      h.clock.ms += 10_000;
      await h.pass();
      expect(healthOf(head)).toMatchObject({ state: "success", description: "healed: unit-web_app (update)" });
      expect([...h.swarm.services.values()].find((s) => s.Spec.Name === WEB)?.Spec.TaskTemplate.ContainerSpec?.Env).not.toContain("CHANGED_BY_HAND=1");
      // Healing is not a new deploy of the commit: phoenix/sync is untouched.
      expect(syncStatuses(head)).toHaveLength(2);
    });
  });

  describe("with certificates managed", () => {
    let certDir: string;
    beforeEach(async () => {
      certDir = await mkdtemp(path.join(os.tmpdir(), "phoenix-gh-certs-"));
      // DNS-01 through the fixture's DNS target, which is `none`: an issuance fails at once, nothing is asked of a CA.
      const certificates = `certificates:\n  directoryUrl: https://127.0.0.1:9/dir\n  accountKey: ${certDir}/account.key\n  verifyPort: 0\n  trustGuests: false\n`;
      h = await startHarness(`reconcile:\n  intervalSeconds: 10\n${certificates}`);
    }, 60_000);
    afterEach(async () => {
      await rm(certDir, { recursive: true, force: true });
    });

    it("checks them in the loop: phoenix/certificates names what failed to renew and the soonest expiry, a gauge the days left", { timeout: 60_000 }, async () => {
      // traefik's certificate is live and valid for 90 days; nginx's is missing and cannot be issued here.
      const traefik = path.join(certDir, "traefik");
      await mkdir(traefik);
      execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "90", "-subj", "/CN=traefik.internal.example.test", "-addext", "subjectAltName=DNS:traefik.internal.example.test", "-keyout", path.join(traefik, "key.pem"), "-out", path.join(traefik, "cert.pem")], { stdio: "ignore" });
      const manifest = [
        { common_name: "nginx.internal.example.test", cert_path: path.join(certDir, "nginx", "cert.pem"), key_path: path.join(certDir, "nginx", "key.pem") },
        { common_name: "traefik.internal.example.test", cert_path: path.join(traefik, "cert.pem"), key_path: path.join(traefik, "key.pem") },
      ];
      const head = await h.commitOnMain({ "etc/certificate-manifest.json": `${JSON.stringify(manifest, null, 4)}\n` }, "certificates in a temp dir");
      // The clock after the certificate was made: it has 89 whole days left.
      h.clock.ms = Date.now();
      await h.pass();
      const status = readFinalStatuses(h.github.state, "phoenix/certificates").get(head);
      expect(status?.state).toBe("failure");
      expect(status?.description).toMatch(/^renewal failed: nginx\.internal\.example\.test; next expiry in 89 days \(traefik\.internal\.example\.test\); nginx\.internal\.example\.test: DNS-01 /);
      const gauge = await h.app.runtime.metrics.certificateExpiryDays.get();
      expect(gauge.values).toEqual([{ labels: { repo: `${h.repo.owner}/${h.repo.name}`, certificate: "traefik.internal.example.test" }, value: 89 }]);
      // Its own context: phoenix/sync and phoenix/health keep theirs.
      expect(readFinalStatuses(h.github.state, "phoenix/sync").get(head)).toBeDefined();

      // Checked again only after a quarter of an hour, not every pass.
      h.clock.ms += 10_000;
      await h.pass();
      expect(h.github.state.statuses.filter((s) => s.context === "phoenix/certificates")).toHaveLength(1);
      h.clock.ms += 15 * 60_000;
      await h.pass();
      expect(h.github.state.statuses.filter((s) => s.context === "phoenix/certificates")).toHaveLength(2);
      expect(h.github.violations).toEqual([]);
    });
  });
});
