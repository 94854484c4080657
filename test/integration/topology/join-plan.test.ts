/**
 * `phoenix swarm join-plan` against the two-node swarm: VM 1001 and 1002 are
 * in it, a third VM of the config is not. The printed join command must be
 * the real one with the token's secret part left out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/run-cli.js";
import { ensureTwoNodeSwarm, TWO_NODE_SWARM } from "../../helpers/two-node-swarm.js";
import { createTopologyRepo, openManagerPort, renderTopologySettings, type TopologyRepo } from "./topology-repo.js";

const swarm = await ensureTwoNodeSwarm();

describe.skipIf(!swarm.available)("phoenix swarm join-plan on the two-node swarm", () => {
  let repo: TopologyRepo;
  let tokens: { Worker: string; Manager: string };

  beforeAll(async () => {
    tokens = (await (await openManagerPort()).inspectSwarm()).JoinTokens;
    repo = await createTopologyRepo(renderTopologySettings("topology-join", "tjp"));
    await repo.editJson("etc/phoenix_vm_configs.json", (file: { vms: Record<string, unknown>[] }) => {
      const worker = file.vms.find((vm) => vm.vmid === 1002) ?? {};
      file.vms.push({ ...worker, vmid: 1003, name: "swarm-worker-b", network_config: { ip: "10.213.0.13/24" }, docker_stacks: [], dns_records: [], traefik_service: undefined, portainer_agent_hostname: undefined });
    });
  });
  afterAll(async () => {
    await repo?.remove();
  });

  it("says which VMs are in the swarm and prints the join command of the one that is not, token masked", async () => {
    process.env.DOCKER_HOST = TWO_NODE_SWARM.manager.host;
    try {
      const run = await runCli(["swarm", "join-plan", "--dir", repo.dir]);
      expect(run.exitCode).toBe(0);
      const digest = tokens.Worker.split("-").slice(0, 3).join("-");
      expect(run.stdout).toBe(
        [
          "Swarm join plan (joining nodes dial 10.213.0.11:2377)",
          "",
          "VM 1001 (swarm-manager, manager): in the swarm as node-1 (manager)",
          "VM 1002 (swarm-worker, worker): in the swarm as node-2 (worker)",
          "VM 1003 (swarm-worker-b, worker): join the swarm; on VM 1003 (swarm-worker-b) run:",
          `    docker swarm join --token ${digest}-<worker-secret> --advertise-addr 10.213.0.13 10.213.0.11:2377`,
          "",
          "The join token's secret part is left out. Read the whole token on a manager with:",
          "    docker swarm join-token -q worker",
          "    docker swarm join-token -q manager",
          "",
        ].join("\n"),
      );
      for (const token of [tokens.Worker, tokens.Manager]) {
        const secret = token.split("-").pop() ?? "";
        expect(run.stdout + run.stderr).not.toContain(secret);
      }
      expect(run.stderr).toContain("VM 1003 (swarm-worker-b) is a Swarm worker in the config, but no node of the swarm plays it");
    } finally {
      delete process.env.DOCKER_HOST;
    }
  });
});
