/**
 * Nothing lost, end to end: `phoenix serve` as a child process (the
 * production entry point) against the fake GitHub, a real git server and the
 * real swarm. A push whose webhook never arrives is deployed within one
 * reconcile interval; a serve killed with SIGKILL mid-sync and started again
 * leaves no pending status and a converged swarm. Each test builds its own
 * fixture under its own prefix and instance.
 */
import { createHmac, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOGICAL_NAME_LABEL } from "../../src/engine/stack-labels.js";
import { readStatus } from "../../src/reconcile/read-status.js";
import { formatSyncRecordName } from "../../src/reconcile/sync-record-store.js";
import { readFinalStatuses } from "../helpers/fake-github/fake-github-state.js";
import { WEBHOOK_SECRET } from "../helpers/fake-github/start-test-app.js";
import { buildPushPayload } from "../helpers/fake-github/webhook-payloads.js";
import { WEBHOOK_PATH } from "../../src/github/runtime/create-webhook-server.js";
import { waitFor } from "../helpers/wait-for.js";
import { startGitHubAppHarness, type GitHubAppHarness } from "./github-app-harness.js";
import { startServeProcess, type ServeProcess } from "./serve-process.js";

const INTERVAL_SECONDS = 10;
const SETTINGS = ".github/phoenix.yml";
const API_CONFIG = "stacks/api_service/configs/health.cgi";

interface Fixture {
  readonly h: GitHubAppHarness;
  readonly instance: string;
  /** The head of main once the loop's settings are committed. */
  readonly head: string;
  readonly cacheDir: string;
  readonly logFile: string;
}

/** The app harness (fake GitHub, git server, config repo, swarm cleanup) with its own instance and a 10 s reconcile interval on main. */
async function startFixture(prefix: string): Promise<Fixture> {
  const h = await startGitHubAppHarness(prefix);
  const settings = await readFile(path.join(h.config.repo.dir, SETTINGS), "utf8");
  // Its own instance: no other test's stacks are this instance's orphans, and its sync record is its own.
  const extra = `instance: ${prefix}\nreconcile:\n  intervalSeconds: ${INTERVAL_SECONDS}\n`;
  const head = await h.config.commitOnBranch("main", h.base, { [SETTINGS]: settings + extra }, "reconcile every 10 s");
  const workDir = path.dirname(h.traefikDir);
  return { h, instance: prefix, head, cacheDir: path.join(workDir, "serve-cache"), logFile: path.join(workDir, "serve.log") };
}

async function closeFixture(f: Fixture, serve: ServeProcess | undefined): Promise<void> {
  await serve?.stop("SIGTERM");
  const record = await f.h.port.inspectConfig(formatSyncRecordName(f.instance));
  await f.h.close();
  if (record) await f.h.port.removeConfig(record.ID);
}

function syncStatuses(f: Fixture, sha: string): { state: string; description: string }[] {
  return f.h.github.state.statuses.filter((s) => s.sha === sha && s.context === "phoenix/sync").map(({ state, description }) => ({ state, description }));
}

function waitForFinalSync(f: Fixture, sha: string, timeoutMs = 180_000) {
  return waitFor(async () => {
    const last = syncStatuses(f, sha).at(-1);
    return last && last.state !== "pending" ? last : undefined;
  }, { description: `a final phoenix/sync on ${sha.slice(0, 7)}`, timeoutMs, intervalMs: 100, describe: async () => JSON.stringify(syncStatuses(f, sha)) });
}

async function postWebhook(serve: ServeProcess, event: string, payload: unknown): Promise<number> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`;
  const response = await fetch(`${serve.url}${WEBHOOK_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": randomUUID(), "x-hub-signature-256": signature },
    body,
  });
  await response.text();
  return response.status;
}

/** Every stack of the fixture converged: each service runs its desired tasks, nothing crash-loops, the record says `commit` succeeded. */
async function expectConverged(f: Fixture, commit: string): Promise<void> {
  const status = await waitFor(
    async () => {
      const read = await readStatus(f.h.port, { instance: f.instance, all: false });
      const [instance] = read.instances;
      return instance?.stacks.length === 3 && instance.stacks.every((s) => s.health.state === "healthy") ? instance : undefined;
    },
    { description: "every stack healthy", timeoutMs: 60_000, intervalMs: 500, describe: async () => JSON.stringify(await readStatus(f.h.port, { instance: f.instance, all: false })) },
  );
  expect(status.lastSync).toMatchObject({ commit, result: "success" });
  expect(status.stacks.map((s) => s.stack)).toEqual(f.h.namespaces);
  for (const stack of status.stacks) expect(stack.health.running).toBe(stack.health.desired);
}

describe("phoenix serve loses nothing", () => {
  it("deploys a push whose webhook never arrives within one reconcile interval, with its statuses", { timeout: 600_000 }, async () => {
    const f = await startFixture(`rc${process.pid}a`);
    let serve: ServeProcess | undefined;
    try {
      serve = await startServeProcess({ github: f.h.github, cacheDir: f.cacheDir, logFile: f.logFile });
      // At start the loop finds main's head never synced (no push was ever delivered) and deploys it.
      expect(await waitForFinalSync(f, f.head)).toMatchObject({ state: "success", description: "3 stacks deployed, 1 infra output applied" });

      const dropped = await f.h.config.commitOnBranch("main", f.head, f.h.config.withLogLevel("warn"), "web_app: warn, webhook lost");
      const committedAt = Date.now();
      const pending = await waitFor(async () => f.h.github.requests.find((r) => r.method === "POST" && r.path.endsWith(`/statuses/${dropped}`)), {
        description: "the pending status of the dropped push",
        timeoutMs: 60_000,
        intervalMs: 50,
      });
      // Within one interval (plus the loop's 1 s tick and the fetch that finds it).
      expect(pending.receivedAt - committedAt).toBeLessThanOrEqual(INTERVAL_SECONDS * 1000 + 3000);
      expect(await waitForFinalSync(f, dropped)).toMatchObject({ state: "success", description: "1 stack deployed" });
      expect(syncStatuses(f, dropped)).toEqual([
        { state: "pending", description: "queued for deployment: found by the reconcile loop (no push event arrived)" },
        { state: "success", description: "1 stack deployed" },
      ]);
      // The check run is completed right after the status: wait for it rather than race it.
      const check = await waitFor(async () => f.h.github.state.checkRuns.find((r) => r.headSha === dropped && r.name === "phoenix/sync" && r.status === "completed"), {
        description: "the completed phoenix/sync check run of the dropped push",
        timeoutMs: 30_000,
        intervalMs: 50,
      });
      expect(check).toMatchObject({ status: "completed", conclusion: "success" });
      expect(await f.h.readWebServiceCommit()).toBe(dropped);
      await expectConverged(f, dropped);
      expect(f.h.github.violations).toEqual([]);
    } finally {
      await closeFixture(f, serve);
    }
  });

  it("finishes a sync killed with SIGKILL midway after a restart: no pending status, a converged swarm, no rotated config left", { timeout: 600_000 }, async () => {
    const f = await startFixture(`rc${process.pid}b`);
    let serve: ServeProcess | undefined;
    try {
      serve = await startServeProcess({ github: f.h.github, cacheDir: f.cacheDir, logFile: f.logFile });
      expect(await waitForFinalSync(f, f.head)).toMatchObject({ state: "success" });

      // Two stacks change: api_service (its config file is rotated) deploys first, then web_app.
      const apiConfig = await readFile(path.join(f.h.config.repo.dir, API_CONFIG), "utf8");
      const files = { ...f.h.config.withLogLevel("warn"), [API_CONFIG]: `${apiConfig}# rotated\n` };
      const killed = await f.h.config.commitOnBranch("main", f.head, files, "api config and web_app log level");
      const fromIndex = serve.logs.length;
      expect(await postWebhook(serve, "push", buildPushPayload(f.h.repo, { branch: "main", before: f.head, after: killed }))).toBe(200);
      // Killed once api_service is deployed and web_app's deploy begins: some services updated, others not.
      await serve.waitForLog((l) => l.msg === "stack deploying" && String(l.stack).endsWith("-web_app"), { description: "web_app's deploy to begin", fromIndex });
      await serve.stop("SIGKILL");
      serve = undefined;
      expect(syncStatuses(f, killed).map((s) => s.state)).toEqual(["pending"]);

      serve = await startServeProcess({ github: f.h.github, cacheDir: f.cacheDir, logFile: f.logFile });
      expect(await waitForFinalSync(f, killed)).toMatchObject({ state: "success" });
      expect(syncStatuses(f, killed).map((s) => s.description)).toContain("queued for deployment again: the previous run was interrupted");
      expect([...readFinalStatuses(f.h.github.state, "phoenix/sync").values()].filter((s) => s.state === "pending")).toEqual([]);
      await expectConverged(f, killed);
      expect(await f.h.readWebServiceCommit()).toBe(killed);

      // Every rotated config of the fixture's stacks is still in use: none was left behind by the kill.
      for (const ns of f.h.namespaces) {
        const objects = await f.h.port.listStackObjects(ns);
        const used = new Set(objects.services.flatMap((s) => (s.Spec.TaskTemplate.ContainerSpec?.Configs ?? []).map((c) => c.ConfigID)));
        const rotated = objects.configs.filter((c) => c.Spec.Labels?.[LOGICAL_NAME_LABEL] !== undefined);
        expect(rotated.filter((c) => !used.has(c.ID)).map((c) => c.Spec.Name)).toEqual([]);
      }
      expect(f.h.github.violations).toEqual([]);
    } finally {
      await closeFixture(f, serve);
    }
  });
});
