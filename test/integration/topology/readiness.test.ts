/**
 * Readiness before a sync, on the two-node swarm: with the Traefik check on
 * and Traefik (a TCP listener of this test on loopback) not answering, the
 * plan says so and the sync deploys nothing; once it answers, the sync goes
 * ahead. The check connects only to loopback.
 */
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import type { CountingSwarmPort } from "../../../src/swarm/counting-swarm-port.js";
import { findFreePort } from "../infra/daemons.js";
import { ensureTwoNodeSwarm } from "../../helpers/two-node-swarm.js";
import { createTopologyRepo, logger, openManagerPort, removeOwnedLabels, removeStacks, renderTopologySettings, type TopologyRepo } from "./topology-repo.js";

const swarm = await ensureTwoNodeSwarm();
const INSTANCE = "topology-readiness";
const PREFIX = "trd";
const LOOPBACK = "127.0.0.1";

const IDLE_COMPOSE = `services:
  app:
    image: phoenix-test/busybox:1
    command: ["sleep", "3600"]
    deploy:
      replicas: 0
`;

describe.skipIf(!swarm.available)("readiness checks before a sync", () => {
  let repo: TopologyRepo;
  let port: CountingSwarmPort;
  let traefikPort: number;
  let listener: Server | undefined;
  const sync = () => {
    port.resetWriteCalls();
    return runSync({ tree: createDirectoryTree(repo.dir), port, logger }, { dryRun: false });
  };

  beforeAll(async () => {
    port = await openManagerPort();
    await removeStacks(port, PREFIX);
    await removeOwnedLabels(port, INSTANCE);
    traefikPort = await findFreePort(LOOPBACK);
    repo = await createTopologyRepo(renderTopologySettings(INSTANCE, PREFIX, ["readiness: { traefik: true }"]));
    // The Traefik guest of the example, moved to loopback with a port this test listens on (or not).
    await repo.editJson("etc/phoenix_lxc_configs.json", (file: { lxc_configs: Record<string, Record<string, unknown>> }) => {
      const traefik = file.lxc_configs["102"] ?? {};
      (traefik.network_config as Record<string, unknown>).ip = `${LOOPBACK}/8`;
      traefik.traefik_service = { name: "traefik-dashboard", port: traefikPort };
    });
    await repo.writeFile("stacks/idle/docker-compose.yml", IDLE_COMPOSE);
    await repo.writeFile("stacks/idle/phoenix.json", JSON.stringify({ environments: { production: {} } }));
    await repo.editVms([
      { vmid: 1001, docker_stacks: ["idle"] },
      { vmid: 1002, docker_stacks: [] },
    ]);
  }, 180_000);

  afterAll(async () => {
    listener?.close();
    if (port) {
      await removeStacks(port, PREFIX);
      await removeOwnedLabels(port, INSTANCE);
    }
    await repo?.remove();
  }, 180_000);

  it("holds back the stacks and the node labels while Traefik does not answer, and writes nothing", async () => {
    const run = await sync();
    expect(run.diagnostics.filter((d) => d.code.startsWith("READINESS_")).map((d) => d.message)).toEqual([
      `Traefik (102, Traefik-Internal) does not accept connections on ${LOOPBACK}:${traefikPort}: the stacks are not deployed until it does`,
    ]);
    expect(run.plan?.steps.map((s) => s.unit)).toEqual(["node/node-1", "node/node-2", `stack/${PREFIX}-idle`]);
    expect(run.results).toEqual([
      { namespace: `${PREFIX}-idle`, outcome: "skipped", error: `not deployed: Traefik (102, Traefik-Internal) does not accept connections on ${LOOPBACK}:${traefikPort}` },
    ]);
    expect(run.nodes).toEqual([]);
    expect(run.ok).toBe(false);
    expect(port.writeCalls.total).toBe(0);
  });

  it("deploys once Traefik answers", async () => {
    listener = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => listener?.listen(traefikPort, LOOPBACK, resolve));
    const run = await sync();
    expect(run.diagnostics.filter((d) => d.code.startsWith("READINESS_"))).toEqual([]);
    expect(run.results.map((r) => [r.namespace, r.outcome])).toEqual([[`${PREFIX}-idle`, "applied"]]);
    expect(run.ok).toBe(true);
  });
});
