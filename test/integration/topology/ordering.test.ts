/**
 * Upstream first, on the two-node swarm: a stack waits until the stacks it
 * depends on have converged, an independent stack does not wait, and a
 * dependant of a stack that fails is not deployed at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import type { CountingSwarmPort } from "../../../src/swarm/counting-swarm-port.js";
import { ensureTwoNodeSwarm } from "../../helpers/two-node-swarm.js";
import { createTopologyRepo, logger, openManagerPort, removeOwnedLabels, removeStacks, renderTopologySettings, type TopologyRepo } from "./topology-repo.js";

const swarm = await ensureTwoNodeSwarm();
const INSTANCE = "topology-ordering";
const PREFIX = "tor";

/** Healthy only after ~3 s: a dependant that did not wait would be created before this converges. */
const SLOW_COMPOSE = (image: string) => `services:
  db:
    image: ${image}
    command: ["sh", "-c", "sleep 3; touch /tmp/ready; exec sleep 3600"]
    init: true
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      timeout: 1s
      retries: 10
    deploy:
      replicas: 1
      restart_policy:
        condition: none
`;
const IDLE_COMPOSE = `services:
  app:
    image: phoenix-test/busybox:1
    command: ["sleep", "3600"]
    deploy:
      replicas: 0
`;

describe.skipIf(!swarm.available)("deploy order on the two-node swarm", () => {
  let repo: TopologyRepo;
  let port: CountingSwarmPort;
  const events: string[] = [];
  const sync = () => {
    events.length = 0;
    return runSync({ tree: createDirectoryTree(repo.dir), port, logger }, { dryRun: false, onEvent: (e) => events.push(e.message) });
  };
  const manifest = (extra: Record<string, unknown> = {}) => JSON.stringify({ ...extra, environments: { production: {} } });

  beforeAll(async () => {
    port = await openManagerPort();
    await removeStacks(port, PREFIX);
    await removeOwnedLabels(port, INSTANCE);
    repo = await createTopologyRepo(renderTopologySettings(INSTANCE, PREFIX));
    await repo.writeFile("stacks/base/docker-compose.yml", SLOW_COMPOSE("phoenix-test/busybox:1"));
    await repo.writeFile("stacks/base/phoenix.json", manifest());
    await repo.writeFile("stacks/dependant/docker-compose.yml", IDLE_COMPOSE);
    await repo.writeFile("stacks/dependant/phoenix.json", manifest({ depends_on: ["base"] }));
    await repo.writeFile("stacks/independent/docker-compose.yml", IDLE_COMPOSE);
    await repo.writeFile("stacks/independent/phoenix.json", manifest());
    await repo.editVms([
      { vmid: 1001, docker_stacks: ["base", "dependant"] },
      // Without its dependency on VM 1001, VM 1002's stack depends on nothing.
      { vmid: 1002, docker_stacks: ["independent"], dependencies: [] },
    ]);
  }, 180_000);

  afterAll(async () => {
    if (port) {
      await removeStacks(port, PREFIX);
      await removeOwnedLabels(port, INSTANCE);
    }
    await repo?.remove();
  }, 180_000);

  it("deploys a dependant only after what it depends on converged, and an independent stack meanwhile", async () => {
    const run = await sync();
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(run.plan?.steps.filter((s) => s.unit.startsWith("stack/"))).toEqual([
      { unit: `stack/${PREFIX}-base`, action: "create" },
      { unit: `stack/${PREFIX}-dependant`, action: "create", after: [`stack/${PREFIX}-base`] },
      { unit: `stack/${PREFIX}-independent`, action: "create" },
    ]);
    expect(run.ok).toBe(true);
    const at = (message: string) => events.indexOf(message);
    expect(at(`Service ${PREFIX}-base_db converged`)).toBeGreaterThan(-1);
    expect(at(`Creating service ${PREFIX}-dependant_app`)).toBeGreaterThan(at(`Service ${PREFIX}-base_db converged`));
    expect(at(`Creating service ${PREFIX}-independent_app`)).toBeLessThan(at(`Service ${PREFIX}-base_db converged`));
  });

  it("does not deploy a dependant when what it depends on fails, and says why", async () => {
    await repo.writeFile("stacks/base/docker-compose.yml", SLOW_COMPOSE("phoenix-test/absent:1"));
    await repo.writeFile("stacks/dependant/docker-compose.yml", IDLE_COMPOSE.replace('"3600"', '"3601"'));
    const run = await sync();
    expect(run.ok).toBe(false);
    expect(run.results.map((r) => [r.namespace, r.outcome])).toEqual([
      [`${PREFIX}-base`, "rolled-back"],
      [`${PREFIX}-dependant`, "skipped"],
    ]);
    expect(run.results[1]?.error).toBe(`not deployed: stack/${PREFIX}-base, which it depends on, did not converge`);
    const dependant = await port.inspectService(`${PREFIX}-dependant_app`);
    expect(dependant?.Spec.TaskTemplate.ContainerSpec?.Args).toEqual(["sleep", "3600"]);
  });
});
