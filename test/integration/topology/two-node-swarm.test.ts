import { afterAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../../../src/swarm/dockerode-swarm-port.js";
import type { SwarmPort } from "../../../src/swarm/swarm-port.js";
import { ensureTwoNodeSwarm } from "../../helpers/two-node-swarm.js";
import { waitFor } from "../../helpers/wait-for.js";

const swarm = await ensureTwoNodeSwarm();
const SERVICE = "phxtopo-smoke";

describe.skipIf(!swarm.available)("the two-node swarm of scripts/two-node-swarm.sh", () => {
  let port: SwarmPort;
  const manager = swarm.available ? swarm.manager : undefined;

  afterAll(async () => {
    const left = await port?.inspectService(SERVICE);
    if (left) await port.removeService(left.ID);
  });

  it("has a manager and a worker, at their namespace addresses", async () => {
    port = createDockerodeSwarmPort(await createDockerClient({ host: manager?.host ?? "" }));
    const nodes = await port.listNodes();
    const summary = nodes.map((n) => [n.Description?.Hostname, n.Status.Addr, n.Spec.Role, n.Status.State]).sort();
    expect(summary).toEqual([
      ["node-1", "10.213.0.11", "manager", "ready"],
      ["node-2", "10.213.0.12", "worker", "ready"],
    ]);
    expect((await port.getNodeState()).isManager).toBe(true);
  });

  it("runs a task on the worker from the local test image", async () => {
    const nodes = await port.listNodes();
    const worker = nodes.find((n) => n.Description?.Hostname === "node-2");
    const { id } = await port.createService({
      Name: SERVICE,
      TaskTemplate: {
        ContainerSpec: { Image: "phoenix-test/busybox:1", Args: ["sleep", "300"], Init: true },
        Placement: { Constraints: ["node.hostname==node-2"] },
      },
      Mode: { Replicated: { Replicas: 1 } },
    });
    const task = await waitFor(
      async () => (await port.listTasks({ service: id })).find((t) => t.Status.State === "running"),
      { description: "the smoke task to run", timeoutMs: 30_000 },
    );
    expect(task.NodeID).toBe(worker?.ID);
  });
});
