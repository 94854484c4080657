import { describe, expect, it } from "vitest";
import type { ServiceInfo, TaskInfo } from "../../../src/engine/engine-objects.js";
import { createSilentLogger } from "../../../src/logger.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { readStatus } from "../../../src/reconcile/read-status.js";
import { buildSyncRecord } from "../../../src/reconcile/sync-record.js";
import { writeSyncRecord } from "../../../src/reconcile/sync-record-store.js";
import { renderStatusText } from "../../../src/report/render-status-text.js";
import { createMemoryTree } from "../../../src/source/file-tree.js";
import { assessServiceHealth } from "../../../src/verify/assess-service-health.js";
import { readExampleRepo } from "../impact/example-repo.js";
import { FakeSwarmPort, runningTasks } from "../swarm/fake-swarm-port.js";

const logger = createSilentLogger();
const A = "a".repeat(40);
const NOW = Date.parse("2026-03-01T12:00:00Z");
const SETTINGS = [
  "swarm: { resolveImage: never }",
  "wait: { timeoutSeconds: 10, monitorSeconds: 0 }",
  "infra: { targets: { dns: { kind: none }, firewall: { kind: none }, traefik: { kind: none }, nginx: { kind: none } } }",
].join("\n");

const SERVICE: ServiceInfo = { ID: "svc1", Version: { Index: 1 }, Spec: { Name: "web_app_web", Mode: { Replicated: { Replicas: 2 } }, TaskTemplate: {} } } as ServiceInfo;

function task(state: TaskInfo["Status"]["State"], agoMs: number, err?: string): TaskInfo {
  return {
    ID: `t${agoMs}${state}`,
    ServiceID: "svc1",
    NodeID: "node1",
    DesiredState: state === "running" ? "running" : "shutdown",
    Status: { State: state, Timestamp: new Date(NOW - agoMs).toISOString(), ...(err ? { Err: err } : {}) },
  };
}

describe("assessServiceHealth", () => {
  it("counts running tasks against the desired replicas", () => {
    expect(assessServiceHealth(SERVICE, [task("running", 1000), task("running", 1000)], [], NOW)).toMatchObject({ state: "healthy", running: 2, desired: 2 });
    expect(assessServiceHealth(SERVICE, [task("running", 1000)], [], NOW)).toMatchObject({ state: "degraded", running: 1, desired: 2 });
  });

  it("calls three failures within five minutes a crash loop, with the newest task's error, even while replicas run", () => {
    const tasks = [task("running", 1000), task("running", 1000), task("failed", 60_000, "task: non-zero exit (1)"), task("failed", 120_000, "old"), task("failed", 240_000, "older")];
    expect(assessServiceHealth(SERVICE, tasks, [], NOW)).toMatchObject({ state: "crash-looping", crashLoop: { failures: 3, error: "task: non-zero exit (1)" } });
  });

  it("does not count failures older than five minutes, nor fewer than three", () => {
    const tasks = [task("running", 1000), task("running", 1000), task("failed", 60_000, "x"), task("failed", 120_000, "x"), task("failed", 301_000, "x")];
    expect(assessServiceHealth(SERVICE, tasks, [], NOW).state).toBe("healthy");
  });
});

describe("readStatus", () => {
  async function deployExample(): Promise<FakeSwarmPort> {
    const port = new FakeSwarmPort();
    const tree = createMemoryTree({ ...(await readExampleRepo()), ".github/phoenix.yml": `${SETTINGS}\n` });
    expect((await runSync({ tree, commit: A, port, logger }, { dryRun: false })).ok).toBe(true);
    return port;
  }

  it("shows per stack the last result, the commit and the health, with a crash loop's error", async () => {
    const port = await deployExample();
    const crashing = [...port.services.values()].find((s) => s.Spec.Name === "web_app_web");
    expect(crashing).toBeDefined();
    const failed = (ago: number): TaskInfo => ({ ...task("failed", ago, "task: non-zero exit (137)"), ServiceID: crashing?.ID ?? "" });
    port.taskScripts.set("web_app_web", (service, since) => [...runningTasks(service, since).slice(1), failed(10_000), failed(20_000), failed(30_000)]);

    const status = await readStatus(port, { instance: "phoenix", all: false, nowMs: NOW });
    expect(status.schemaVersion).toBe(1);
    expect(status.instances).toHaveLength(1);
    const [instance] = status.instances;
    expect(instance?.lastSync).toMatchObject({ commit: A, result: "success" });
    const web = instance?.stacks.find((s) => s.stack === "web_app");
    expect(web).toMatchObject({ commit: A, lastResult: "applied", health: { state: "crash-looping" } });
    expect(web?.health.services.find((s) => s.service === "web_app_web")?.crashLoop?.error).toBe("task: non-zero exit (137)");
    expect(instance?.stacks.filter((s) => s.stack !== "web_app").every((s) => s.health.state === "healthy" && s.health.running === s.health.desired)).toBe(true);
    const text = renderStatusText(status);
    expect(text).toContain(`instance phoenix: last sync ${A.slice(0, 12)} success`);
    expect(text).toMatch(/web_app_web: crash loop, 3 task failures in 5 minutes, last at .*: task: non-zero exit \(137\)/);
  });

  it("shows this instance only, and every instance with --all", async () => {
    const port = await deployExample();
    const other = buildSyncRecord(undefined, { instance: "staging", commit: A, ok: false, startedAt: new Date(NOW), finishedAt: new Date(NOW), declared: ["st_web"], stacks: [{ namespace: "st_web", result: "failed" }], infra: [] });
    await writeSyncRecord(port, other, logger);
    const mine = await readStatus(port, { instance: "phoenix", all: false, nowMs: NOW });
    expect(mine.instances.map((i) => i.instance)).toEqual(["phoenix"]);
    expect(mine.instances[0]?.stacks.some((s) => s.stack === "st_web")).toBe(false);
    const all = await readStatus(port, { instance: "phoenix", all: true, nowMs: NOW });
    expect(all.instances.map((i) => i.instance)).toEqual(["phoenix", "staging"]);
    // A recorded stack with no service left shows as degraded, with its last result.
    expect(all.instances[1]?.stacks).toEqual([expect.objectContaining({ stack: "st_web", services: 0, lastResult: "failed", health: expect.objectContaining({ state: "degraded" }) as unknown })]);
  });

  it("says when nothing is recorded or deployed", async () => {
    const status = await readStatus(new FakeSwarmPort(), { instance: "phoenix", all: false, nowMs: NOW });
    expect(status.instances).toEqual([{ instance: "phoenix", lastSync: null, stacks: [] }]);
    expect(status.nodes).toEqual([{ hostname: "node1", id: expect.any(String) as unknown, address: "", role: "manager", state: "ready", availability: "active", vms: [] }]);
    expect(renderStatusText(status)).toBe(
      "instance phoenix: no sync recorded\nno stacks deployed by Phoenix\n\n" +
        "NODE    ADDRESS   ROLE      STATE   AVAILABILITY   VMS\n" +
        "node1   -         manager   ready   active         -\n",
    );
  });
});
