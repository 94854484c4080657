import { describe, expect, it } from "vitest";
import { applyPlannedJoin, type JoinContext } from "../../../src/pipeline/apply-planned-join.js";
import { createSilentLogger } from "../../../src/logger.js";
import { createSecretMasker } from "../../../src/secrets/secret-masker.js";
import { getProcessSecrets } from "../../../src/secrets/process-secrets.js";
import type { NodeInfo, NodeSpec } from "../../../src/engine/engine-objects.js";
import type { RemoteDockerDaemon, SwarmJoinRequest } from "../../../src/swarm/remote-docker-daemon.js";
import type { SwarmPort } from "../../../src/swarm/swarm-port.js";

const WORKER_TOKEN = "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx";
const MANAGER_TOKEN = "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-7p73s1dx5in4tatdymyhg9hu2";

/** A manager whose node list grows when the fake VM daemon joins: the four calls a join makes. */
class JoiningSwarmPort {
  readonly calls: string[] = [];
  readonly nodes: NodeInfo[] = [
    { ID: "n1", Version: { Index: 5 }, Spec: { Role: "manager", Availability: "active" }, Description: { Hostname: "node-1" }, Status: { State: "ready", Addr: "10.214.0.11" }, ManagerStatus: { Leader: true, Addr: "10.214.0.11:2377" } },
  ];
  readonly specs = new Map<string, NodeSpec>();
  async getNodeState() {
    return { isManager: true, nodeId: "n1", localNodeState: "active" };
  }
  async listNodes() {
    return this.nodes.map((n) => ({ ...n, Spec: this.specs.get(n.ID) ?? n.Spec }));
  }
  async updateNode(id: string, _version: number, spec: NodeSpec): Promise<void> {
    this.calls.push(`updateNode ${id}`);
    this.specs.set(id, spec);
  }
  async inspectSwarm() {
    return { ID: "swarm1", JoinTokens: { Worker: WORKER_TOKEN, Manager: MANAGER_TOKEN } };
  }
}

function fakeDaemon(port: JoiningSwarmPort, failWith?: (body: SwarmJoinRequest) => string) {
  const joined: SwarmJoinRequest[] = [];
  let state = { localNodeState: "inactive", nodeId: "" };
  const daemon: RemoteDockerDaemon = {
    description: "ssh://root@10.214.0.12",
    async readSwarmState() {
      return state;
    },
    async joinSwarm(body) {
      if (failWith) throw new Error(failWith(body));
      joined.push(body);
      state = { localNodeState: "active", nodeId: "n2" };
      port.nodes.push({ ID: "n2", Version: { Index: 7 }, Spec: { Role: "worker", Availability: "active" }, Description: { Hostname: "node-2" }, Status: { State: "ready", Addr: "10.214.0.12" } });
    },
  };
  return { daemon, joined };
}

const join = { vmid: "1002", name: "swarm-worker", role: "worker" as const, address: "10.214.0.12", user: "root" };

function context(port: JoiningSwarmPort, daemon: RemoteDockerDaemon): JoinContext {
  return {
    port: port as unknown as SwarmPort,
    openDaemon: () => daemon,
    labels: { wanted: new Map([["join/1002", new Map([["org.phoenix.vm.1002", "true"], ["zone", "b"]])]]), instance: "phoenix", retained: new Set() },
    masker: createSecretMasker(),
    logger: createSilentLogger(),
  };
}

describe("applyPlannedJoin", () => {
  it("joins the VM's daemon to the leader with its role's token, advertising the VM's address, then labels the new node", async () => {
    const port = new JoiningSwarmPort();
    const { daemon, joined } = fakeDaemon(port);
    const result = await applyPlannedJoin(join, context(port, daemon));
    expect(joined).toEqual([{ ListenAddr: "0.0.0.0:2377", AdvertiseAddr: "10.214.0.12", RemoteAddrs: ["10.214.0.11:2377"], JoinToken: WORKER_TOKEN }]);
    expect(result).toMatchObject({ vmid: "1002", outcome: "joined", nodeId: "n2", labels: { outcome: "applied" } });
    expect(port.specs.get("n2")?.Labels).toMatchObject({ "org.phoenix.vm.1002": "true", zone: "b" });
    expect(JSON.stringify(result)).not.toContain(WORKER_TOKEN.slice(-25));

    const managerPort = new JoiningSwarmPort();
    const manager = fakeDaemon(managerPort);
    await applyPlannedJoin({ ...join, role: "manager" }, context(managerPort, manager.daemon));
    expect(manager.joined[0]?.JoinToken).toBe(MANAGER_TOKEN);
  });

  it("makes no join call when the VM is this swarm's node already (a second sync)", async () => {
    const port = new JoiningSwarmPort();
    const { daemon, joined } = fakeDaemon(port);
    await applyPlannedJoin(join, context(port, daemon));
    const again = await applyPlannedJoin(join, context(port, daemon));
    expect(again).toEqual({ vmid: "1002", name: "swarm-worker", outcome: "unchanged", nodeId: "n2" });
    expect(joined).toHaveLength(1);
  });

  it("refuses a VM that is in another swarm", async () => {
    const port = new JoiningSwarmPort();
    const daemon: RemoteDockerDaemon = { description: "ssh://root@10.214.0.12", readSwarmState: async () => ({ localNodeState: "active", nodeId: "elsewhere" }), joinSwarm: async () => expect.fail("no join") };
    const result = await applyPlannedJoin(join, context(port, daemon));
    expect(result).toMatchObject({ outcome: "failed" });
    expect(result.error).toContain("another swarm");
  });

  it("masks the token in a failure and in every later log line", async () => {
    const port = new JoiningSwarmPort();
    const { daemon } = fakeDaemon(port, (body) => `rejected token ${body.JoinToken}`);
    const ctx = context(port, daemon);
    const result = await applyPlannedJoin(join, ctx);
    expect(result.outcome).toBe("failed");
    expect(result.error).toContain("rejected token");
    expect(result.error).not.toContain(WORKER_TOKEN);
    expect(ctx.masker.maskText(`x ${WORKER_TOKEN} y`)).not.toContain(WORKER_TOKEN);
    expect(getProcessSecrets().maskText(WORKER_TOKEN)).not.toContain(WORKER_TOKEN);
  });
});
