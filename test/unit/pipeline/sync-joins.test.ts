import { describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { createMemoryTree } from "../../../src/source/file-tree.js";
import type { NodeInfo } from "../../../src/engine/engine-objects.js";
import type { RemoteDockerDaemon } from "../../../src/swarm/remote-docker-daemon.js";
import { readExampleRepo } from "../impact/example-repo.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

const logger = createSilentLogger();
const SETTINGS = [
  "swarm: { resolveImage: never, join: { enabled: true } }",
  "wait: { timeoutSeconds: 10, monitorSeconds: 0 }",
  "infra:",
  "  targets:",
  ...["dns", "firewall", "traefik", "nginx"].map((t) => `    ${t}: { kind: none }`),
  "",
].join("\n");

/** The example's swarm with only VM 1001's node (at its address): VM 1002 (swarm-worker, api_service) is not in it. */
function managerOnlyPort(): FakeSwarmPort {
  const port = new FakeSwarmPort();
  const manager: NodeInfo = { ID: "node1", Version: { Index: 3 }, Spec: { Role: "manager", Availability: "active" }, Description: { Hostname: "swarm-manager" }, Status: { State: "ready", Addr: "10.10.0.111" }, ManagerStatus: { Leader: true, Reachability: "reachable", Addr: "10.10.0.111:2377" } };
  port.listNodes = (async () => [manager]) as unknown as FakeSwarmPort["listNodes"];
  return port;
}

describe("runSync with swarm.join", () => {
  it("runs the join step before the node labels and skips the stacks placed only on a VM that did not join", async () => {
    const port = managerOnlyPort();
    const tree = createMemoryTree({ ...(await readExampleRepo()), ".github/phoenix.yml": SETTINGS });
    const opened: string[] = [];
    const daemon: RemoteDockerDaemon = {
      description: "ssh://root@10.10.0.112",
      readSwarmState: async () => {
        throw new Error("Permission denied (publickey)");
      },
      joinSwarm: async () => expect.fail("no join after a failed read"),
    };
    const run = await runSync({ tree, port, logger }, { dryRun: false, openDaemon: (j) => (opened.push(`${j.user}@${j.address} ${j.role}`), daemon) });
    expect(run.plan?.steps.map((s) => s.unit).slice(0, 2)).toEqual(["join/1002", "node/swarm-manager"]);
    expect(opened).toEqual(["root@10.10.0.112 worker"]);
    expect(run.joins).toEqual([{ vmid: "1002", name: "swarm-worker", outcome: "failed", error: "Permission denied (publickey)" }]);
    const api = run.results.find((r) => r.namespace === "api_service");
    expect(api).toEqual({ namespace: "api_service", outcome: "skipped", error: "not deployed: VM 1002 did not join the swarm" });
    expect(run.results.find((r) => r.namespace === "status_page")?.outcome).toBe("applied");
    expect(run.ok).toBe(false);
  });
});
