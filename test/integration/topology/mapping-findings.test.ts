/**
 * What a plan says when the config and the live two-node swarm disagree: a
 * VM no node plays, a node that plays no VM, a manager VM on a worker, and a
 * swarm.nodes entry naming no node. Plans only: nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { runPlan } from "../../../src/pipeline/run-plan.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import type { CountingSwarmPort } from "../../../src/swarm/counting-swarm-port.js";
import { runCli } from "../../helpers/run-cli.js";
import { ensureTwoNodeSwarm, TWO_NODE_SWARM } from "../../helpers/two-node-swarm.js";
import { createTopologyRepo, logger, openManagerPort, renderTopologySettings, type TopologyRepo } from "./topology-repo.js";

const swarm = await ensureTwoNodeSwarm();
const INSTANCE = "topology-findings";

describe.skipIf(!swarm.available)("mapping findings on the two-node swarm", () => {
  let port: CountingSwarmPort;
  const repos: TopologyRepo[] = [];
  const repoWith = async (settings: readonly string[] = []) => {
    const repo = await createTopologyRepo(renderTopologySettings(INSTANCE, "tmf", settings));
    repos.push(repo);
    return repo;
  };
  const plan = async (repo: TopologyRepo) => {
    port.resetWriteCalls();
    const run = await runPlan({ tree: createDirectoryTree(repo.dir), port, logger });
    expect(port.writeCalls.total).toBe(0);
    return { run, findings: run.diagnostics.filter((d) => d.code.startsWith("SWARM_") || d.code.startsWith("STACK_VM")).map(formatDiagnostic) };
  };

  beforeAll(async () => {
    port = await openManagerPort();
  });
  afterAll(async () => {
    for (const repo of repos) await repo.remove();
  });

  it("refuses to plan when a VM that runs stacks has no node, and says where and why", async () => {
    const repo = await repoWith();
    await repo.editVms([{ vmid: 1002, ip: "10.213.0.99" }]);
    const { run, findings } = await plan(repo);
    expect(run.plan).toBeUndefined();
    expect(findings).toEqual([
      "etc/phoenix_vm_configs.json:95:9 error vms[1]: VM 1002 (swarm-worker) is a Swarm worker in the config, but no node of the swarm plays it (none has address 10.213.0.99 or host name swarm-worker; nodes: node-1 10.213.0.11, node-2 10.213.0.12): its stacks cannot be placed\n  hint: join the VM to the swarm (phoenix swarm join-plan prints the commands), or map a node to it in swarm.nodes of .github/phoenix.yml",
      "warning: node node-2 (10.213.0.12, worker) plays no VM of the config: Phoenix places no stack there (its address and host name match no Swarm VM)\n  hint: give the VM that runs there its address in network_config.ip, or map it in swarm.nodes of .github/phoenix.yml",
    ]);
    process.env.DOCKER_HOST = TWO_NODE_SWARM.manager.host;
    try {
      const cli = await runCli(["plan", "--dir", repo.dir]);
      expect(cli.exitCode).toBe(1);
      expect(cli.stderr).toContain("etc/phoenix_vm_configs.json:95:9 error vms[1]: VM 1002 (swarm-worker) is a Swarm worker in the config, but no node of the swarm plays it");
    } finally {
      delete process.env.DOCKER_HOST;
    }
  });

  it("warns about a node without a VM and a stack on a VM that is no Swarm node, and still plans", async () => {
    const repo = await repoWith();
    // Docker but no Swarm role: a VM without the docker feature is a validate error (test/unit/config/stack-hosts.test.ts).
    await repo.editVms([{ vmid: 1002, portainer_role: undefined }]);
    const { run, findings } = await plan(repo);
    expect(run.plan?.topology).toMatchObject({ vms: [{ vmid: "1001", node: { hostname: "node-1" } }], unmatchedNodes: [{ hostname: "node-2" }] });
    expect(findings).toEqual([
      'etc/phoenix_vm_configs.json:138:17 warning vms[1].docker_stacks[0]: stack api_service is assigned to VM 1002, which is no Swarm node (it needs the docker feature and a portainer_role): it is deployed without placement\n  hint: give the VM the docker feature and a portainer_role, or set "placement": "any" in its phoenix.json',
      "warning: node node-2 (10.213.0.12, worker) plays no VM of the config: Phoenix places no stack there (its address and host name match no Swarm VM)\n  hint: give the VM that runs there its address in network_config.ip, or map it in swarm.nodes of .github/phoenix.yml",
    ]);
    const api = run.plan?.stacks.find((s) => s.stack === "api_service");
    expect(api?.action).toBe("create");
  });

  it("warns when the manager VM is played by a worker node (swarm.nodes swapped)", async () => {
    const repo = await repoWith(["swarm:", "  nodes: { 1001: node-2, 1002: node-1 }"]);
    const { run, findings } = await plan(repo);
    expect(run.plan?.topology?.vms.map((vm) => [vm.vmid, vm.node?.hostname, vm.matchedBy])).toEqual([
      ["1001", "node-2", "settings"],
      ["1002", "node-1", "settings"],
    ]);
    expect(findings).toEqual([
      "etc/phoenix_vm_configs.json:11:9 warning vms[0]: VM 1001 (swarm-manager) is the Swarm manager (portainer_role primary), but node node-2 (10.213.0.12, worker) that plays it is a worker\n  hint: promote it (docker node promote node-2) or map the VM to a manager in swarm.nodes of .github/phoenix.yml",
    ]);
  });

  it("refuses a swarm.nodes entry that names no node of the swarm", async () => {
    const repo = await repoWith(["swarm:", "  nodes: { 1002: node-7 }"]);
    const { run, findings } = await plan(repo);
    expect(run.plan).toBeUndefined();
    expect(findings).toEqual([
      '.github/phoenix.yml error swarm.nodes.1002: no node of the swarm is "node-7" (nodes: node-1 10.213.0.11, node-2 10.213.0.12), so VM 1002 (swarm-worker) has no node and its stacks cannot be placed\n  hint: use a host name or ID from docker node ls, or self for the node Phoenix talks to',
      "warning: node node-2 (10.213.0.12, worker) plays no VM of the config: Phoenix places no stack there (its address and host name match no Swarm VM)\n  hint: give the VM that runs there its address in network_config.ip, or map it in swarm.nodes of .github/phoenix.yml",
    ]);
  });
});
