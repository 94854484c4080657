/**
 * `swarm.join` on real daemons: a one-node swarm of our own (node-j1 in
 * namespace phxj1) and a Docker host outside it (node-j2 in phxj2) with an
 * sshd whose key reaches node-j2's daemon through `docker system dial-stdio`
 * (scripts/join-test-swarm.sh). Phoenix joins VM 1002 over ssh in a sync,
 * labels its node in the same sync, and a second sync joins nothing. The
 * shared two-node swarm is never touched; everything is torn down after.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPlan } from "../../../src/pipeline/run-plan.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { createCountingSwarmPort, type CountingSwarmPort } from "../../../src/swarm/counting-swarm-port.js";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../../../src/swarm/dockerode-swarm-port.js";
import { renderPlanText } from "../../../src/report/render-plan-text.js";
import { createTopologyRepo, logger, readNodeLabels, renderTopologySettings, type TopologyRepo } from "./topology-repo.js";

const run = promisify(execFile);
const script = path.resolve(import.meta.dirname, "../../../scripts/join-test-swarm.sh");
const dir = await mkdtemp("/tmp/phxj-");
const available = await run("bash", [script, "up", dir], { timeout: 120_000 }).then(
  () => true,
  (error: { code?: number; stderr?: string }) => {
    if (error.code !== 77) throw new Error(`join-test-swarm.sh up failed: ${error.stderr ?? ""}`);
    return false;
  },
);

describe.skipIf(!available)("swarm.join on real daemons over ssh", () => {
  let repo: TopologyRepo;
  let port: CountingSwarmPort;
  const sync = () => runSync({ tree: createDirectoryTree(repo.dir), port, logger }, { dryRun: false });

  beforeAll(async () => {
    port = createCountingSwarmPort(createDockerodeSwarmPort(await createDockerClient({ host: "unix:///run/docker-j1.sock" })));
    repo = await createTopologyRepo(
      renderTopologySettings("phxjoin", "pj", [
        "swarm:",
        "  endpoint: unix:///run/docker-j1.sock",
        "  join:",
        "    enabled: true",
        `    identityFile: ${dir}/id_ed25519`,
        `    sshOptions: [StrictHostKeyChecking=no, UserKnownHostsFile=${dir}/known_hosts]`,
      ]),
    );
    await repo.editVms([
      { vmid: 1001, ip: "10.214.0.11" },
      { vmid: 1002, ip: "10.214.0.12", node_labels: ["zone=j2"] },
    ]);
    // No stacks: joining and labelling are the point, and these daemons have no images.
    await repo.editJson("etc/phoenix_vm_configs.json", (file: { vms: Record<string, unknown>[] }) => {
      for (const vm of file.vms) vm.docker_stacks = [];
    });
  }, 60_000);
  afterAll(async () => {
    await repo?.remove();
    await run("bash", [script, "down", dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it("plans a join step for the VM no node plays, instead of the finding", async () => {
    const planned = await runPlan({ tree: createDirectoryTree(repo.dir), port, logger });
    expect(planned.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(planned.plan?.joins).toEqual([{ vmid: "1002", name: "swarm-worker", role: "worker", address: "10.214.0.12", user: "root" }]);
    expect(planned.plan?.steps.map((s) => s.unit)).toContain("join/1002");
    expect(renderPlanText(planned.plan!, { color: false })).toContain("no node: sync joins it as worker over ssh://root@10.214.0.12");
  });

  it("joins VM 1002 over ssh, labels its node in the same sync, and joins nothing the second time", async () => {
    const first = await sync();
    expect(first.joins).toMatchObject([{ vmid: "1002", outcome: "joined" }]);
    expect(first.ok).toBe(true);
    const nodes = await port.listNodes();
    expect(nodes.map((n) => [n.Description?.Hostname, n.Status.Addr, n.Spec.Role]).sort()).toEqual([
      ["node-j1", "10.214.0.11", "manager"],
      ["node-j2", "10.214.0.12", "worker"],
    ]);
    expect((await readNodeLabels(port))["node-j2"]).toMatchObject({ zone: "j2", "org.phoenix.vm.1002": "true" });
    const tokens = (await port.inspectSwarm()).JoinTokens;
    expect(JSON.stringify(first.plan) + JSON.stringify(first.joins)).not.toContain(tokens.Worker);

    const second = await sync();
    expect(second.plan?.joins).toEqual([]);
    expect(second.plan?.steps.some((s) => s.unit.startsWith("join/"))).toBe(false);
    expect(second.joins).toEqual([]);
  }, 120_000);
});
