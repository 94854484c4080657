/**
 * The Docker daemon restarts in the middle of a deploy (kill -9, then started
 * again on the same data root): `phoenix sync` fails with a readable reason
 * per stack, not a stack trace, and the next sync converges; in the app, the
 * push's sync fails with that reason on its `phoenix/sync` status and the
 * reconcile loop's retry converges. The daemon is the test's own, in the
 * network namespace phxrs (10.214.0.0/24): the shared one and the two-node
 * swarm are never touched.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppReconcileLoop } from "../../../src/github/handlers/start-app-reconcile-loop.js";
import { readStatus } from "../../../src/reconcile/read-status.js";
import { formatSyncRecordName } from "../../../src/reconcile/sync-record-store.js";
import { startGitHubAppHarness } from "../../e2e/github-app-harness.js";
import { buildPushPayload } from "../../helpers/fake-github/webhook-payloads.js";
import { startNamespacedDockerd, type NamespacedDockerd } from "../../helpers/namespaced-dockerd.js";
import { waitFor } from "../../helpers/wait-for.js";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const isRoot = process.getuid?.() === 0;
const SETTINGS = [
  'stackNamespace: "rs-{stack}"',
  "wait:",
  "  timeoutSeconds: 60",
  // Each stack is watched a few seconds after it converged: the restart lands inside the deploy.
  "  monitorSeconds: 3",
  "infra:",
  "  targets:",
  "    dns: { kind: none }",
  "    firewall: { kind: none }",
  "    traefik: { kind: none }",
  "    nginx: { kind: none }",
  "",
].join("\n");

describe.skipIf(!isRoot)("a dockerd restarted during a deploy", () => {
  let dockerd: NamespacedDockerd | undefined;
  let repo = "";
  let logFile = "";

  beforeAll(async () => {
    repo = await mkdtemp(path.join(os.tmpdir(), "phoenix-dockerd-restart-"));
    await cp(path.join(repoRoot, "etc"), path.join(repo, "etc"), { recursive: true });
    await cp(path.join(repoRoot, "stacks"), path.join(repo, "stacks"), { recursive: true });
    await mkdir(path.join(repo, ".github"));
    await writeFile(path.join(repo, ".github", "phoenix.yml"), SETTINGS);
    logFile = `${repo}-dockerd.log`;
    dockerd = await startNamespacedDockerd({ name: "phxrs", suffix: "rs", address: "10.214.0.11", images: ["phoenix-test/busybox:1", "phoenix-test/web:1", "phoenix-test/web:2"], logFile });
  }, 120_000);

  afterAll(async () => {
    await dockerd?.remove();
    if (repo !== "") await rm(repo, { recursive: true, force: true });
    if (logFile !== "") await rm(logFile, { force: true });
  }, 120_000);

  const sync = (host: string) =>
    execa(process.execPath, ["--import", "tsx", "src/cli/main.ts", "sync", "--dir", repo], { cwd: repoRoot, env: { DOCKER_HOST: host }, reject: false, timeout: 150_000 });
  const services = async (host: string) => (await execa("docker", ["-H", host, "service", "ls", "--format", "{{.Name}} {{.Replicas}}"])).stdout.split("\n").filter(Boolean).sort();

  it("fails the sync with a readable reason, and the next sync converges", { timeout: 300_000 }, async () => {
    const d = dockerd;
    if (d === undefined) throw new Error("no dockerd");
    const first = sync(d.host);
    // Mid-deploy: the first service exists, the deploy waits for it (and the other stacks) to converge.
    await waitFor(async () => ((await services(d.host).catch(() => [])).length > 0 ? true : undefined), { description: "the first service to be created", timeoutMs: 90_000, intervalMs: 100 });
    await d.restart();
    const failed = await first;

    expect(failed.exitCode).toBe(1);
    const output = `${failed.stdout}\n${failed.stderr}`;
    // Each stack says what failed and why, in one line; nothing is a raw stack trace.
    // The result block: the stack failed, and under it its service with the daemon's own words.
    expect(failed.stdout).toMatch(/^rs-[a-z_]+: failed$/m);
    expect(failed.stdout).toMatch(/^ {2}rs-[a-z_]+: .*could not .*(ECONNRESET|ECONNREFUSED|socket hang up)/m);
    expect(output.split("\n").filter((line) => /^\s+at /.test(line))).toEqual([]);
    // Nor in a log line (pino would put an Error's stack in its JSON).
    expect(output).not.toMatch(/\bat [^\s]+ \(.*:\d+:\d+\)/);

    const next = await sync(d.host);
    expect(next.exitCode, `${next.stdout}\n${next.stderr}`).toBe(0);
    // Converged means every task reached running once; a task restarted since may read 0/1 for a moment.
    const want = ["rs-api_service_api 1/1", "rs-status_page_status 1/1", "rs-web_app_probe 1/1", "rs-web_app_web 2/2"];
    let seen = await services(d.host);
    for (let i = 0; i < 30 && JSON.stringify(seen) !== JSON.stringify(want); i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      seen = await services(d.host);
    }
    expect(seen).toEqual(want);
    // Converged: a third sync has nothing left to do.
    const again = await sync(d.host);
    expect(again.exitCode, `${again.stdout}\n${again.stderr}`).toBe(0);
    expect(again.stdout).toContain("everything is in sync: nothing to do");
    expect(again.stdout).not.toMatch(/Creating|Updating|: failed/);
  });
  it("in the app: the push's status says why its sync failed, and the reconcile loop's retry converges", { timeout: 300_000 }, async () => {
    const d = dockerd;
    if (d === undefined) throw new Error("no dockerd");
    const prefix = `rsa${process.pid}`;
    const h = await startGitHubAppHarness(prefix, { dockerHost: d.host });
    try {
      const settingsFile = path.join(h.config.repo.dir, ".github", "phoenix.yml");
      const settings = (await readFile(settingsFile, "utf8")).replace("monitorSeconds: 1", "monitorSeconds: 3");
      const head = await h.config.commitOnBranch("main", h.base, { ".github/phoenix.yml": `${settings}instance: ${prefix}\nreconcile:\n  intervalSeconds: 10\n` }, "reconcile every 10 s");
      const loop = startAppReconcileLoop(h.app.probot, h.app.runtime, { tickMs: 24 * 3_600_000, runAtStart: false });
      try {
        const delivered = h.deliver("push", buildPushPayload(h.repo, { branch: "main", before: h.base, after: head }));
        await waitFor(async () => ((await services(d.host).catch(() => [])).some((s) => s.startsWith(`${prefix}-`)) ? true : undefined), {
          description: "the push's first service to be created",
          timeoutMs: 90_000,
          intervalMs: 100,
        });
        await d.restart();
        await delivered;
        const statuses = () => h.github.state.statuses.filter((s) => s.sha === head && s.context === "phoenix/sync").map((s) => `${s.state}: ${s.description}`);
        // The first attempt failed with the daemon's own words, and a retry is announced.
        expect(statuses().at(-1)).toMatch(/^pending: attempt 1 of 4 failed, retrying in 10 s: .*failed/);
        // The attempt's check run says why, per service, in the daemon's words; no stack trace.
        const syncChecks = () => h.github.state.checkRuns.filter((r) => r.headSha === head && r.name === "phoenix/sync");
        const failed = syncChecks().at(-1);
        expect(failed).toMatchObject({ status: "completed", conclusion: "failure" });
        expect(failed?.output?.summary).toMatch(/could not .*(ECONNREFUSED|ECONNRESET|socket hang up|EPIPE)/);
        expect(JSON.stringify(failed?.output)).not.toMatch(/\bat [^\s]+ \(.*:\d+:\d+\)/);

        // One interval later, the loop's pass retries the commit and converges.
        h.clock.offsetMs += 11_000;
        await loop.runDue();
        await h.settle();
        expect(statuses().at(-1)).toMatch(/^success: /);
        expect(syncChecks().at(-1)).toMatchObject({ status: "completed", conclusion: "success" });
        const status = await waitFor(
          async () => {
            const [instance] = (await readStatus(h.port, { instance: prefix, all: false })).instances;
            return instance?.stacks.length === 3 && instance.stacks.every((s) => s.health.state === "healthy") ? instance : undefined;
          },
          { description: "every stack healthy", timeoutMs: 60_000, intervalMs: 500 },
        );
        expect(status.lastSync).toMatchObject({ commit: head, result: "success" });
        expect(await h.readWebServiceCommit()).toBe(head);
        expect(h.github.violations).toEqual([]);
      } finally {
        loop.stop();
      }
    } finally {
      const record = await h.port.inspectConfig(formatSyncRecordName(prefix));
      if (record) await h.port.removeConfig(record.ID);
      await h.close();
    }
  });
});
