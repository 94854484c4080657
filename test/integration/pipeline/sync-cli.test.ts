/**
 * `phoenix sync`, `sync --dry-run` and `drift` as a user runs them, against
 * the real swarm: the exit codes, what a failed deploy leaves behind
 * (nothing), and how a rolled-back update is reported. Each test has its own
 * config repo, instance and stack prefix, and removes what it deployed.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../../../src/swarm/dockerode-swarm-port.js";
import { removeStack } from "../../../src/swarm/remove-stack.js";
import type { SwarmPort } from "../../../src/swarm/swarm-port.js";
import { runCli } from "../../helpers/run-cli.js";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The bundled example with only status_page assigned, its own instance and namespace, no infra target, short waits. */
async function createRepo(name: string): Promise<{ dir: string; namespace: string; port: SwarmPort }> {
  const id = `phxcs${process.pid}${name}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), "phoenix-sync-cli-"));
  await cp(path.join(repoRoot, "etc"), path.join(dir, "etc"), { recursive: true });
  await cp(path.join(repoRoot, "stacks"), path.join(dir, "stacks"), { recursive: true });
  await mkdir(path.join(dir, ".github"), { recursive: true });
  const settings = [
    `instance: ${id}`,
    `stackNamespace: "${id}-{stack}"`,
    "swarm: { resolveImage: never }",
    "wait: { timeoutSeconds: 30, monitorSeconds: 1 }",
    "infra:",
    "  targets: { dns: { kind: none }, firewall: { kind: none }, traefik: { kind: none }, nginx: { kind: none } }",
  ];
  await writeFile(path.join(dir, ".github", "phoenix.yml"), `${settings.join("\n")}\n`);
  const vmsFile = path.join(dir, "etc", "phoenix_vm_configs.json");
  const vms = JSON.parse(await readFile(vmsFile, "utf8")) as { vms: { docker_stacks?: unknown[] }[] };
  for (const vm of vms.vms) if (vm.docker_stacks) vm.docker_stacks = vm.docker_stacks.filter((s) => JSON.stringify(s).includes("status_page"));
  await writeFile(vmsFile, JSON.stringify(vms, null, 4));
  const port = createDockerodeSwarmPort(await createDockerClient());
  const namespace = `${id}-status_page`;
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  cleanups.push(() => removeStack(port, namespace, { logger: createSilentLogger() }));
  cleanups.push(async () => {
    const record = await port.inspectConfig(`phoenix-sync-record-${id}`);
    if (record) await port.removeConfig(record.ID);
  });
  return { dir, namespace, port };
}

async function editCompose(dir: string, edit: (text: string) => string): Promise<void> {
  const file = path.join(dir, "stacks", "status_page", "docker-compose.yml");
  await writeFile(file, edit(await readFile(file, "utf8")));
}

describe("phoenix sync on the real swarm", () => {
  it("dry run exits 2 with changes pending; a failing first deploy exits 1 and leaves nothing of the stack behind", async () => {
    const { dir, namespace, port } = await createRepo("a");
    await editCompose(dir, (text) => text.replace("image: phoenix-test/web:2", "image: phoenix-test/web:nope"));

    const dry = await runCli(["sync", "--dir", dir, "--dry-run"]);
    expect(dry.exitCode).toBe(2);
    expect(dry.stdout).toContain("dry run: nothing applied (changes pending");

    const sync = await runCli(["sync", "--dir", dir]);
    expect(sync.exitCode).toBe(1);
    expect(sync.stdout).toContain(`${namespace}: Creating network ${namespace}_status_net`);
    expect(sync.stdout).toContain(`${namespace}: rolled-back`);
    expect(sync.stdout).toMatch(/stacks: 0 created, 0 updated, 0 removed, \d+ unchanged, 0 failed, 1 rolled back, 0 skipped/);
    expect(sync.stderr).toContain(`${namespace}: Service ${namespace}_status failed: No such image: phoenix-test/web:nope`);
    expect(await port.listStackObjects(namespace)).toEqual({ services: [], networks: [], secrets: [], configs: [] });
  });

  it("reports a rolled-back update once it completed, with the task's last lines; drift then says that sync did not apply it", async () => {
    const { dir, namespace } = await createRepo("b");
    const first = await runCli(["sync", "--dir", dir]);
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/stacks: 1 created, 0 updated, 0 removed, \d+ unchanged, 0 failed, 0 rolled back, 0 skipped/);
    const clean = await runCli(["sync", "--dir", dir, "--dry-run"]);
    expect(clean.exitCode).toBe(0);
    expect(clean.stdout).toContain("dry run: nothing applied, and nothing to apply");

    await editCompose(dir, (text) => text.replace("    init: true\n", '    init: true\n    command: ["sh", "-c", "echo starting; echo fatal: cannot open /data/db >&2; exit 1"]\n'));
    const broken = await runCli(["sync", "--dir", dir]);
    expect(broken.exitCode).toBe(1);
    const service = `${namespace}_status`;
    // The swarm's own word for the end of the rollback: completed, or paused by a task of the failed spec ending meanwhile.
    expect(broken.stdout).toContain(`${namespace}: Service ${service} rolled back: rollback_`);
    expect(broken.stdout).toMatch(new RegExp(`Service ${service} rolled back: rollback_(completed|paused), 1/1 tasks of the previous spec running`));
    expect(broken.stdout).toMatch(new RegExp(` {2}${service}: rolled back \\(rollback_(completed|paused), 1/1 tasks running\\): task: non-zero exit \\(1\\)`));
    expect(broken.stdout).toContain("    | starting");
    expect(broken.stdout).toContain("    | fatal: cannot open /data/db");
    expect(broken.stderr).toContain(`${namespace}:   | fatal: cannot open /data/db`);

    const drift = await runCli(["drift", "--dir", dir]);
    expect(drift.exitCode).toBe(2);
    expect(drift.stdout).toContain(`the last sync did not apply it: ${namespace} rolled back`);
    expect(drift.stdout).not.toContain("puts them back");
  });
});
