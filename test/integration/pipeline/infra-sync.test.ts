import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { runDrift } from "../../../src/pipeline/run-drift.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../../../src/swarm/dockerode-swarm-port.js";
import { createCountingSwarmPort, type CountingSwarmPort } from "../../../src/swarm/counting-swarm-port.js";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const logger = createSilentLogger();

let repo: string;
let targets: string;
let port: CountingSwarmPort;

const dnsMain = () => path.join(targets, "dns", "dnsmasq.conf");
const dnsRecords = () => path.join(targets, "dns", "dnsmasq.d", "00-phoenix-internal.conf");

/** The bundled example without stack assignments (nothing is deployed), its infra written under `targets`. */
async function makeConfigRepo(): Promise<void> {
  await cp(path.join(repoRoot, "etc"), path.join(repo, "etc"), { recursive: true });
  await cp(path.join(repoRoot, "stacks"), path.join(repo, "stacks"), { recursive: true });
  const vmsFile = path.join(repo, "etc", "phoenix_vm_configs.json");
  const vms = JSON.parse(await readFile(vmsFile, "utf8")) as { vms: Record<string, unknown>[] };
  for (const vm of vms.vms) delete vm.docker_stacks;
  await writeFile(vmsFile, JSON.stringify(vms, null, 4) + "\n");
  await mkdir(path.join(repo, ".github"), { recursive: true });
  const settings = [
    `stackNamespace: "inf${process.pid}-{stack}"`,
    "infra:",
    "  targets:",
    `    dns: { kind: local, path: ${targets}/dns, reload: "dnsmasq --test -C ${targets}/dns/dnsmasq.conf" }`,
    `    firewall: { kind: local, path: ${targets}/firewall, reload: "true" }`,
    `    traefik: { kind: local, path: ${targets}/traefik, reload: "true" }`,
    "    nginx: { kind: none }",
  ];
  await writeFile(path.join(repo, ".github", "phoenix.yml"), settings.join("\n") + "\n");
}

const input = () => ({ tree: createDirectoryTree(repo), port, logger });

beforeAll(async () => {
  repo = await mkdtemp(path.join(os.tmpdir(), "phoenix-infra-repo-"));
  targets = await mkdtemp(path.join(os.tmpdir(), "phoenix-infra-targets-"));
  await makeConfigRepo();
  port = createCountingSwarmPort(createDockerodeSwarmPort(await createDockerClient()));
});

afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
  await rm(targets, { recursive: true, force: true });
});

describe("phoenix sync of infra outputs to local targets", () => {
  it("validates and writes every output on the first sync, and deploys no stack", async () => {
    const run = await runSync(input(), { dryRun: false });
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(run.results).toEqual([]);
    expect(run.infra?.map((r) => [r.output, r.outcome])).toEqual([
      ["dns", "applied"],
      ["firewall", "applied"],
      ["traefik", "applied"],
    ]);
    expect(run.ok).toBe(true);
    expect(await readFile(dnsMain(), "utf8")).toContain(`conf-dir=${targets}/dns/dnsmasq.d,*.conf\n`);
    expect(await readFile(dnsRecords(), "utf8")).toContain("address=/portainer.internal.example.test/");
    expect(await readFile(path.join(targets, "firewall", "cluster.fw"), "utf8")).toMatch(/^\[OPTIONS\]/m);
    const planned = run.plan?.infra.filter((f) => f.action === "create").map((f) => f.file) ?? [];
    expect(planned).toContain(dnsMain());
    expect(planned).toContain(path.join(targets, "traefik", "dynamic_conf.yml"));
  });

  it("writes nothing on a second sync", async () => {
    const before = await stat(dnsRecords());
    port.resetWriteCalls();
    const run = await runSync(input(), { dryRun: false });
    expect(run.infra).toEqual([]);
    expect(run.results).toEqual([]);
    expect(run.plan?.infra.every((f) => f.action === "unchanged")).toBe(true);
    expect(run.ok).toBe(true);
    expect(port.writeCalls.total).toBe(0);
    // Every apply replaces a file by rename: an untouched file keeps its inode and mtime.
    const after = await stat(dnsRecords());
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it("reports a hand edit of a target file as drift, and the next sync puts the file back", async () => {
    const rendered = await readFile(dnsRecords(), "utf8");
    await writeFile(dnsRecords(), rendered + "address=/rogue.internal.example.test/10.9.9.9\n");

    const drift = await runDrift(input());
    expect(drift.drifted).toBe(true);
    expect(drift.stacks).toEqual([]);
    expect(drift.infra.map((f) => [f.output, f.file, f.action])).toEqual([["dns", dnsRecords(), "update"]]);
    expect(drift.infra[0]?.diff).toContain("-address=/rogue.internal.example.test/10.9.9.9");

    const run = await runSync(input(), { dryRun: false });
    expect(run.infra?.map((r) => [r.output, r.outcome, r.changed])).toEqual([["dns", "applied", [dnsRecords()]]]);
    expect(await readFile(dnsRecords(), "utf8")).toBe(rendered);
    const again = await runDrift(input());
    expect([again.drifted, again.infra]).toEqual([false, []]);
  });

  it("refuses a DNS path that would split the rendered conf-dir line at its settings line, and writes nothing", async () => {
    // It used to reach dnsmasq --test (the last line of defence, tested in test/integration/infra/dnsmasq-serving.test.ts);
    // a target path is now checked for its format before anything renders (docs/security.md).
    const previous = await readFile(dnsMain(), "utf8");
    const settingsFile = path.join(repo, ".github", "phoenix.yml");
    const original = await readFile(settingsFile, "utf8");
    const broken = `${targets}/dns\nv2`;
    await writeFile(settingsFile, original.replace(`dns: { kind: local, path: ${targets}/dns,`, `dns: { kind: local, path: ${JSON.stringify(broken)},`));
    try {
      const run = await runSync(input(), { dryRun: false });
      expect(run.plan).toBeUndefined();
      expect(run.ok).toBe(false);
      expect(run.infra).toEqual([]);
      const refusal = run.diagnostics.find((d) => d.severity === "error");
      expect(refusal).toMatchObject({ file: ".github/phoenix.yml", path: "infra.targets.dns.path" });
      expect(refusal?.line).toBeGreaterThan(0);
      expect(await readFile(dnsMain(), "utf8")).toBe(previous);
      await expect(stat(broken)).rejects.toThrow(/ENOENT/);
    } finally {
      await writeFile(settingsFile, original);
    }
  });
});
