import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../../../src/swarm/dockerode-swarm-port.js";
import { createCountingSwarmPort, type CountingSwarmPort } from "../../../src/swarm/counting-swarm-port.js";
import { removeStack } from "../../../src/swarm/remove-stack.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { runPlan } from "../../../src/pipeline/run-plan.js";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const prefix = `pt${process.pid}`;
const namespaces = ["api_service", "status_page", "web_app"].map((s) => `${prefix}-${s}`);
const logger = createSilentLogger();

let dir: string;
let port: CountingSwarmPort;

/** Copies the bundled example into a scratch repo whose stacks get a namespace of their own on the shared swarm. */
async function makeConfigRepo(): Promise<string> {
  const target = await mkdtemp(path.join(os.tmpdir(), "phoenix-sync-"));
  await cp(path.join(repoRoot, "etc"), path.join(target, "etc"), { recursive: true });
  await cp(path.join(repoRoot, "stacks"), path.join(target, "stacks"), { recursive: true });
  await mkdir(path.join(target, ".github"), { recursive: true });
  await writeFile(path.join(target, ".github", "phoenix.yml"), `stackNamespace: "${prefix}-{stack}"\nwait:\n  timeoutSeconds: 90\n  monitorSeconds: 1\ninfra:\n  targets:\n    dns: { kind: none }\n    firewall: { kind: none }\n    traefik: { kind: none }\n    nginx: { kind: none }\n`);
  return target;
}

async function sync() {
  port.resetWriteCalls();
  return runSync({ tree: createDirectoryTree(dir), commit: "c".repeat(40), port, logger }, { dryRun: false });
}

beforeAll(async () => {
  dir = await makeConfigRepo();
  port = createCountingSwarmPort(createDockerodeSwarmPort(await createDockerClient()));
});

afterAll(async () => {
  for (const ns of namespaces) await removeStack(port, ns, { logger });
  await rm(dir, { recursive: true, force: true });
});

describe("phoenix sync of the bundled example on the real swarm", () => {
  it("deploys every assigned stack on the first sync", async () => {
    const run = await sync();
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // Results come in the apply order (dependencies first), not by name.
    expect(run.results.map((r) => [r.namespace, r.outcome]).sort()).toEqual(namespaces.map((ns) => [ns, "applied"]).sort());
    expect(run.ok).toBe(true);
    const web = await port.listStackServices(`${prefix}-web_app`);
    expect(web.map((s) => s.Spec.Name).sort()).toEqual([`${prefix}-web_app_probe`, `${prefix}-web_app_web`]);
    expect(web[0]?.Spec.Labels?.["org.phoenix.commit"]).toBe("c".repeat(40));
  });

  it("makes zero write calls when nothing changed", async () => {
    const run = await sync();
    expect(run.results).toEqual([]);
    expect(port.writeCalls.total).toBe(0);
    // Other stacks on the shared swarm may show up as orphans; this repo's own are unchanged.
    const ours = run.plan?.stacks.filter((s) => namespaces.includes(s.namespace)) ?? [];
    expect(ours.map((s) => s.action)).toEqual(["unchanged", "unchanged", "unchanged"]);
  });

  it("redeploys only the stack a change touches", async () => {
    const manifest = path.join(dir, "stacks", "web_app", "phoenix.json");
    await writeFile(manifest, (await readFile(manifest, "utf8")).replace('"value": "info"', '"value": "debug"'));
    const before = new Map<string, number>();
    for (const ns of namespaces) for (const s of await port.listStackServices(ns)) before.set(s.Spec.Name, s.Version.Index);

    const run = await sync();
    expect(run.results.map((r) => r.namespace)).toEqual([`${prefix}-web_app`]);
    expect(run.ok).toBe(true);
    const web = run.plan?.stacks.find((s) => s.namespace === `${prefix}-web_app`);
    expect(web?.action).toBe("update");
    for (const ns of namespaces.filter((n) => !n.endsWith("web_app")))
      for (const s of await port.listStackServices(ns)) expect(s.Version.Index).toBe(before.get(s.Spec.Name));
    // Everything the write calls touched belongs to web_app.
    expect(port.writeCalls.total).toBeGreaterThan(0);
  });

  it("shows a stack removed from the config as orphaned and keeps it without prune", async () => {
    const vms = path.join(dir, "etc", "phoenix_vm_configs.json");
    const text = await readFile(vms, "utf8");
    const config = JSON.parse(text) as { vms: { docker_stacks?: unknown[] }[] };
    for (const vm of config.vms) if (vm.docker_stacks) vm.docker_stacks = vm.docker_stacks.filter((s) => JSON.stringify(s).includes("status_page") === false);
    await writeFile(vms, JSON.stringify(config, null, 4));
    port.resetWriteCalls();
    const run = await runPlan({ tree: createDirectoryTree(dir), port, logger });
    const orphan = run.plan?.stacks.find((s) => s.namespace === `${prefix}-status_page`);
    expect(orphan?.action).toBe("orphaned");
    expect(port.writeCalls.total).toBe(0);
  });
});
