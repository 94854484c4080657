/**
 * Config repos for the two-node swarm: the bundled example as a user of that
 * swarm would write it (VM 1001 at node-1's address, VM 1002 at node-2's),
 * with edits per test, and helpers that read where tasks run.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TaskInfo } from "../../../src/engine/engine-objects.js";
import { createSilentLogger } from "../../../src/logger.js";
import { createCountingSwarmPort, type CountingSwarmPort } from "../../../src/swarm/counting-swarm-port.js";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../../../src/swarm/dockerode-swarm-port.js";
import { removeStack } from "../../../src/swarm/remove-stack.js";
import type { SwarmPort } from "../../../src/swarm/swarm-port.js";
import { TWO_NODE_SWARM } from "../../helpers/two-node-swarm.js";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
export const logger = createSilentLogger();

export interface VmEdit {
  vmid: number;
  ip?: string;
  name?: string;
  features?: string[];
  portainer_role?: string;
  node_labels?: string[];
  docker_stacks?: unknown[];
  dependencies?: string[];
}

export interface TopologyRepo {
  readonly dir: string;
  /** Rewrites fields of VMs in etc/phoenix_vm_configs.json (the address with its /24). */
  editVms(edits: readonly VmEdit[]): Promise<void>;
  writeFile(file: string, text: string): Promise<void>;
  editJson<T>(file: string, edit: (value: T) => void): Promise<void>;
  remove(): Promise<void>;
}

/** The bundled example with VM 1001 at node-1's address and VM 1002 at node-2's, and `settings` as .github/phoenix.yml. */
export async function createTopologyRepo(settings: string): Promise<TopologyRepo> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "phoenix-topology-"));
  await cp(path.join(repoRoot, "etc"), path.join(dir, "etc"), { recursive: true });
  await cp(path.join(repoRoot, "stacks"), path.join(dir, "stacks"), { recursive: true });
  await mkdir(path.join(dir, ".github"), { recursive: true });
  await writeFile(path.join(dir, ".github", "phoenix.yml"), settings);
  const repo: TopologyRepo = {
    dir,
    async editJson<T>(file: string, edit: (value: T) => void) {
      const full = path.join(dir, file);
      const value = JSON.parse(await readFile(full, "utf8")) as T;
      edit(value);
      await writeFile(full, `${JSON.stringify(value, null, 4)}\n`);
    },
    async editVms(edits) {
      await repo.editJson("etc/phoenix_vm_configs.json", (file: { vms: Record<string, unknown>[] }) => {
        for (const { vmid, ip, ...fields } of edits) {
          const vm = file.vms.find((v) => v.vmid === vmid);
          if (vm === undefined) throw new Error(`no VM ${vmid}`);
          if (ip !== undefined) (vm.network_config as Record<string, unknown>).ip = `${ip}/24`;
          Object.assign(vm, fields);
        }
      });
    },
    async writeFile(file, text) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  await repo.editVms([
    { vmid: 1001, ip: TWO_NODE_SWARM.manager.address },
    { vmid: 1002, ip: TWO_NODE_SWARM.worker.address },
  ]);
  return repo;
}

/** `.github/phoenix.yml` for a test: its own instance and namespace prefix, no infra target, short waits. */
export function renderTopologySettings(instance: string, prefix: string, extra: readonly string[] = []): string {
  return [
    `instance: ${instance}`,
    `stackNamespace: "${prefix}-{stack}"`,
    "wait:",
    "  timeoutSeconds: 90",
    "  monitorSeconds: 1",
    "infra:",
    "  targets:",
    "    dns: { kind: none }",
    "    firewall: { kind: none }",
    "    traefik: { kind: none }",
    "    nginx: { kind: none }",
    ...extra,
    "",
  ].join("\n");
}

/** A counting port on the two-node swarm's manager. */
export async function openManagerPort(): Promise<CountingSwarmPort> {
  return createCountingSwarmPort(createDockerodeSwarmPort(await createDockerClient({ host: TWO_NODE_SWARM.manager.host })));
}

/** Node ID → host name of the two-node swarm. */
export async function readHostnames(port: SwarmPort): Promise<Map<string, string>> {
  return new Map((await port.listNodes()).map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
}

/** Per service of the stack: the host names of the nodes its running tasks are on, sorted. */
export async function listTaskNodes(port: SwarmPort, namespace: string): Promise<Record<string, string[]>> {
  const hostnames = await readHostnames(port);
  const services = await port.listStackServices(namespace);
  const out: Record<string, string[]> = {};
  for (const service of services) {
    const tasks = await port.listTasks({ service: service.ID });
    out[service.Spec.Name] = tasks
      .filter((t: TaskInfo) => t.DesiredState === "running" && t.Status.State === "running")
      .map((t) => hostnames.get(t.NodeID ?? "") ?? "?")
      .sort();
  }
  return out;
}

/** Removes every stack whose namespace starts with `${prefix}-` (only this test's), services first. */
export async function removeStacks(port: SwarmPort, prefix: string): Promise<void> {
  for (const ns of (await port.listAllStackObjects()).keys()) if (ns.startsWith(`${prefix}-`)) await removeStack(port, ns, { logger });
}

/** The labels of each node of the two-node swarm, by host name. */
export async function readNodeLabels(port: SwarmPort): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  for (const node of await port.listNodes()) out[node.Description?.Hostname ?? node.ID] = { ...node.Spec.Labels };
  return out;
}

/** Removes the labels this test's instance owns from every node, as a config without Swarm VMs would. */
export async function removeOwnedLabels(port: SwarmPort, instance: string): Promise<void> {
  const record = `org.phoenix.owned-labels.${instance}`;
  for (const node of await port.listNodes()) {
    const labels = { ...node.Spec.Labels };
    if (labels[record] === undefined) continue;
    for (const key of labels[record].split(",")) if (!Object.entries(labels).some(([k, v]) => k !== record && k.startsWith("org.phoenix.owned-labels.") && v.split(",").includes(key))) delete labels[key];
    delete labels[record];
    await port.updateNode(node.ID, node.Version?.Index ?? 0, { ...node.Spec, Labels: labels });
  }
}
