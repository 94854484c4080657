import { appendFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { runPlan } from "../../../src/pipeline/run-plan.js";
import { createMemoryTree } from "../../../src/source/file-tree.js";
import type { SwarmPort } from "../../../src/swarm/swarm-port.js";
import { readExampleRepo } from "../impact/example-repo.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

const logger = createSilentLogger();
let dir: string;
let journal: string;

/** The fake swarm, writing every service it creates into the journal the reload commands append to. */
function createJournalingPort(): SwarmPort {
  const port = new FakeSwarmPort();
  const createService = port.createService.bind(port);
  port.createService = async (spec) => {
    appendFileSync(journal, `stack ${spec.Name}\n`);
    return createService(spec);
  };
  return port;
}

async function exampleTree(traefikReload: string, edit: (files: Record<string, string>) => void = () => {}) {
  const settings = [
    "swarm: { resolveImage: never }",
    "wait: { timeoutSeconds: 10, monitorSeconds: 0 }",
    "infra:",
    "  targets:",
    "    dns: { kind: none }",
    "    nginx: { kind: none }",
    `    firewall: { kind: local, path: ${dir}/firewall, reload: "echo firewall >> ${journal}" }`,
    `    traefik: { kind: local, path: ${dir}/traefik, reload: "${traefikReload}" }`,
  ].join("\n");
  const files = { ...(await readExampleRepo()), ".github/phoenix.yml": `${settings}\n` };
  edit(files);
  return createMemoryTree(files);
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-sync-order-"));
  journal = path.join(dir, "journal");
  await writeFile(journal, "");
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("runSync with infra targets", () => {
  it("applies the firewall first, and Traefik before the stacks when a VM that runs them depends on the Traefik guest", async () => {
    // The example's VM 1001 depends on 102, the Traefik container; VM 1002 on VM 1001.
    const run = await runSync({ tree: await exampleTree(`echo traefik >> ${journal}`), port: createJournalingPort(), logger }, { dryRun: false });
    expect(run.ok).toBe(true);
    const lines = (await readFile(journal, "utf8")).trim().split("\n");
    expect(lines.slice(0, 2)).toEqual(["firewall", "traefik"]);
    expect(lines.slice(2).every((l) => l.startsWith("stack "))).toBe(true);
    // api_service runs on VM 1002, which depends on VM 1001: it waits for web_app and status_page.
    expect(run.plan?.steps.find((s) => s.unit === "stack/api_service")?.after).toEqual(["stack/status_page", "stack/web_app"]);
    expect(lines.at(-1)).toBe("stack api_service_api");
  });

  it("applies the firewall before the stacks and Traefik after them when no VM that runs stacks depends on it", async () => {
    const noDependencies = (files: Record<string, string>) => {
      const vms = JSON.parse(files["etc/phoenix_vm_configs.json"] ?? "{}") as { vms: { dependencies?: string[] }[] };
      for (const vm of vms.vms) delete vm.dependencies;
      files["etc/phoenix_vm_configs.json"] = JSON.stringify(vms, null, 4);
    };
    const run = await runSync({ tree: await exampleTree(`echo traefik >> ${journal}`, noDependencies), port: createJournalingPort(), logger }, { dryRun: false });
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(run.ok).toBe(true);
    expect(run.infra?.map((r) => [r.output, r.outcome])).toEqual([
      ["firewall", "applied"],
      ["traefik", "applied"],
    ]);
    const lines = (await readFile(journal, "utf8")).trim().split("\n");
    expect(lines[0]).toBe("firewall");
    expect(lines.at(-1)).toBe("traefik");
    expect(lines.slice(1, -1).every((l) => l.startsWith("stack "))).toBe(true);
    expect(lines.length).toBeGreaterThan(2);
  });

  it("records an output whose reload fails as restored, puts the old file back and fails the run", async () => {
    const dynamic = path.join(dir, "traefik", "dynamic_conf.yml");
    const first = await runSync({ tree: await exampleTree("true"), port: createJournalingPort(), logger }, { dryRun: false });
    expect(first.ok).toBe(true);
    await writeFile(dynamic, "# hand edit\n");

    // A daemon that takes the old file back but refuses the new one.
    const reload = `grep -q 'hand edit' ${dynamic} || exit 3`;
    const run = await runSync({ tree: await exampleTree(reload), port: createJournalingPort(), logger }, { dryRun: false });
    const traefik = run.infra?.find((r) => r.output === "traefik");
    expect(traefik?.outcome).toBe("restored");
    expect(traefik?.error).toMatch(/reload failed .*exited 3/);
    expect(run.ok).toBe(false);
    expect(await readFile(dynamic, "utf8")).toBe("# hand edit\n");
  });

  it("reads no target when told not to, and then applies no infra", async () => {
    const input = { tree: await exampleTree("true"), port: createJournalingPort(), logger, readInfraTargets: false };
    const planned = await runPlan(input);
    expect(planned.plan?.infra).toEqual([]);
    expect(planned.infraDeployments).toEqual([]);
    const run = await runSync(input, { dryRun: false });
    expect(run.infra).toEqual([]);
    await expect(readFile(path.join(dir, "traefik", "dynamic_conf.yml"), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("stops before any apply when a target cannot be read", async () => {
    await writeFile(path.join(dir, "firewall"), "a file where the directory should be");
    const run = await runSync({ tree: await exampleTree("true"), port: createJournalingPort(), logger }, { dryRun: false });
    expect(run.plan).toBeUndefined();
    expect(run.ok).toBe(false);
    expect(run.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.path])).toEqual([["INFRA_TARGET_UNREADABLE", "infra.targets.firewall"]]);
    expect(await readFile(journal, "utf8")).toBe("");
  });
});
