/**
 * A stack assigned to both VMs of the two-node swarm (a label of its own on
 * each node, since constraints only AND), with a global service that must
 * run once on each and nowhere else; a stack that opts out of placement;
 * and what happens to the per-stack labels when the stack leaves a VM.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import type { CountingSwarmPort } from "../../../src/swarm/counting-swarm-port.js";
import { ensureTwoNodeSwarm } from "../../helpers/two-node-swarm.js";
import { waitFor } from "../../helpers/wait-for.js";
import {
  createTopologyRepo,
  listTaskNodes,
  logger,
  openManagerPort,
  readNodeLabels,
  removeOwnedLabels,
  removeStacks,
  renderTopologySettings,
  type TopologyRepo,
} from "./topology-repo.js";

const swarm = await ensureTwoNodeSwarm();
const INSTANCE = "topology-spread";
const PREFIX = "tsp";
const SPREAD_LABEL = `org.phoenix.stack.${PREFIX}-spread`;

const SPREAD_COMPOSE = `services:
  agent:
    image: phoenix-test/busybox:1
    command: ["sleep", "3600"]
    init: true
    deploy:
      mode: global
  idle:
    image: phoenix-test/busybox:1
    command: ["sleep", "3600"]
    init: true
    deploy:
      replicas: 0
`;
const ANYWHERE_COMPOSE = `services:
  idle:
    image: phoenix-test/busybox:1
    command: ["sleep", "3600"]
    deploy:
      replicas: 0
`;

describe.skipIf(!swarm.available)("a stack on several VMs, and a stack anywhere, on the two-node swarm", () => {
  let repo: TopologyRepo;
  let port: CountingSwarmPort;
  const sync = async () => {
    port.resetWriteCalls();
    return runSync({ tree: createDirectoryTree(repo.dir), port, logger }, { dryRun: false });
  };
  const constraints = async (service: string) => (await port.inspectService(service))?.Spec.TaskTemplate.Placement?.Constraints;

  beforeAll(async () => {
    port = await openManagerPort();
    await removeStacks(port, PREFIX);
    await removeOwnedLabels(port, INSTANCE);
    repo = await createTopologyRepo(renderTopologySettings(INSTANCE, PREFIX));
    await repo.writeFile("stacks/spread/docker-compose.yml", SPREAD_COMPOSE);
    await repo.writeFile("stacks/spread/phoenix.json", JSON.stringify({ environments: { production: {} } }));
    await repo.writeFile("stacks/anywhere/docker-compose.yml", ANYWHERE_COMPOSE);
    await repo.writeFile("stacks/anywhere/phoenix.json", JSON.stringify({ placement: "any", environments: { production: {} } }));
    await repo.editVms([
      { vmid: 1001, docker_stacks: ["spread", "anywhere"] },
      { vmid: 1002, docker_stacks: ["spread"] },
    ]);
  }, 180_000);

  afterAll(async () => {
    if (port) {
      await removeStacks(port, PREFIX);
      await removeOwnedLabels(port, INSTANCE);
    }
    await repo?.remove();
  }, 180_000);

  it("labels both nodes for the stack and runs its global service once on each", async () => {
    const run = await sync();
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(run.ok).toBe(true);
    const labels = await readNodeLabels(port);
    expect([labels["node-1"]?.[SPREAD_LABEL], labels["node-2"]?.[SPREAD_LABEL]]).toEqual(["true", "true"]);
    expect(await constraints(`${PREFIX}-spread_idle`)).toEqual([`node.labels.${SPREAD_LABEL}==true`]);
    expect(await listTaskNodes(port, `${PREFIX}-spread`)).toEqual({ [`${PREFIX}-spread_agent`]: ["node-1", "node-2"], [`${PREFIX}-spread_idle`]: [] });
    expect(await constraints(`${PREFIX}-anywhere_idle`)).toBeUndefined();
  });

  it("moves the stack's label off the VM it leaves: the global service then runs on the other node only", async () => {
    await repo.editVms([{ vmid: 1002, docker_stacks: [] }]);
    const run = await sync();
    expect(run.ok).toBe(true);
    expect(run.plan?.nodes?.filter((n) => n.action === "update").map((n) => [n.node, n.fields.map((f) => [f.path, f.op])])).toEqual([
      ["node-1", [[`labels["org.phoenix.owned-labels.${INSTANCE}"]`, "change"], [`labels["${SPREAD_LABEL}"]`, "remove"]]],
      ["node-2", [[`labels["org.phoenix.owned-labels.${INSTANCE}"]`, "change"], [`labels["${SPREAD_LABEL}"]`, "remove"]]],
    ]);
    // The stale labels go only after the stack no longer needs them: no service waits without a node.
    expect(run.plan?.steps).toEqual([
      { unit: `stack/${PREFIX}-spread`, action: "update" },
      { unit: "node/node-1", action: "remove-labels" },
      { unit: "node/node-2", action: "remove-labels" },
    ]);
    expect(run.nodes?.map((n) => [n.node, n.outcome])).toEqual([
      ["node-1", "applied"],
      ["node-2", "applied"],
    ]);
    expect(await constraints(`${PREFIX}-spread_agent`)).toEqual(["node.labels.org.phoenix.vm.1001==true"]);
    // The old task on node-2 shuts down once the update reaches it.
    await waitFor(async () => ((await listTaskNodes(port, `${PREFIX}-spread`))[`${PREFIX}-spread_agent`]?.join() === "node-1" ? true : undefined), {
      description: "the global service to run on node-1 only",
      timeoutMs: 60_000,
      describe: async () => JSON.stringify(await listTaskNodes(port, `${PREFIX}-spread`)),
    });
    const labels = await readNodeLabels(port);
    expect([labels["node-1"]?.[SPREAD_LABEL], labels["node-2"]?.[SPREAD_LABEL]]).toEqual([undefined, undefined]);
    await sync();
    expect(port.writeCalls.total).toBe(0);
  });
});
