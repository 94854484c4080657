/**
 * The bundled example on a real two-node swarm, as its user would set it up:
 * VM 1001 (the manager, web_app and status_page) at node-1's address, VM 1002
 * (a worker, api_service) at node-2's. Every stack must run only on its VM's
 * node, a move must be planned and carried out, node_labels must land on the
 * nodes, and an unchanged config must cost no write call.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPlan } from "../../../src/pipeline/run-plan.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import type { CountingSwarmPort } from "../../../src/swarm/counting-swarm-port.js";
import { runCli } from "../../helpers/run-cli.js";
import { ensureTwoNodeSwarm, TWO_NODE_SWARM } from "../../helpers/two-node-swarm.js";
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
const INSTANCE = "topology-placement";
const PREFIX = "tpl";
const RECORD = `org.phoenix.owned-labels.${INSTANCE}`;
const ns = (stack: string) => `${PREFIX}-${stack}`;

describe.skipIf(!swarm.available)("placement on the two-node swarm", () => {
  let repo: TopologyRepo;
  let port: CountingSwarmPort;
  const sync = async () => {
    port.resetWriteCalls();
    return runSync({ tree: createDirectoryTree(repo.dir), port, logger }, { dryRun: false });
  };

  beforeAll(async () => {
    port = await openManagerPort();
    await removeStacks(port, PREFIX);
    await removeOwnedLabels(port, INSTANCE);
    repo = await createTopologyRepo(renderTopologySettings(INSTANCE, PREFIX));
    await repo.editVms([
      { vmid: 1001, node_labels: ["zone=rack-a", "tier=control"] },
      { vmid: 1002, node_labels: ["tier=data"] },
    ]);
  }, 180_000);

  afterAll(async () => {
    if (port) {
      await removeStacks(port, PREFIX);
      await removeOwnedLabels(port, INSTANCE);
      // The label this test set by hand.
      for (const node of await port.listNodes()) {
        if (node.Spec.Labels?.["set.by"] === undefined) continue;
        const { "set.by": _hand, ...labels } = node.Spec.Labels;
        await port.updateNode(node.ID, node.Version?.Index ?? 0, { ...node.Spec, Labels: labels });
      }
    }
    await repo?.remove();
  }, 180_000);

  it("runs every stack of the bundled example only on its VM's node, and labels the nodes", async () => {
    const run = await sync();
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(run.plan?.topology?.vms.map((vm) => [vm.vmid, vm.node?.hostname, vm.matchedBy])).toEqual([
      ["1001", "node-1", "address"],
      ["1002", "node-2", "address"],
    ]);
    expect(run.nodes?.map((n) => [n.node, n.outcome])).toEqual([
      ["node-1", "applied"],
      ["node-2", "applied"],
    ]);
    // VM 1002 depends on VM 1001: api_service comes after the manager's stacks.
    expect(run.results.map((r) => [r.namespace, r.outcome])).toEqual([
      [ns("status_page"), "applied"],
      [ns("web_app"), "applied"],
      [ns("api_service"), "applied"],
    ]);
    expect(run.ok).toBe(true);

    expect(await listTaskNodes(port, ns("web_app"))).toEqual({ [`${ns("web_app")}_web`]: ["node-1", "node-1"], [`${ns("web_app")}_probe`]: ["node-1"] });
    expect(await listTaskNodes(port, ns("status_page"))).toEqual({ [`${ns("status_page")}_status`]: ["node-1"] });
    expect(await listTaskNodes(port, ns("api_service"))).toEqual({ [`${ns("api_service")}_api`]: ["node-2"] });

    const labels = await readNodeLabels(port);
    expect(labels["node-1"]).toMatchObject({ "org.phoenix.vm.1001": "true", zone: "rack-a", tier: "control", [RECORD]: "org.phoenix.vm.1001,tier,zone" });
    expect(labels["node-2"]).toMatchObject({ "org.phoenix.vm.1002": "true", tier: "data", [RECORD]: "org.phoenix.vm.1002,tier" });
    expect(labels["node-2"]?.["org.phoenix.vm.1001"]).toBeUndefined();

    // The compose file's own constraint stays first.
    const api = (await port.listStackServices(ns("api_service")))[0];
    expect(api?.Spec.TaskTemplate.Placement?.Constraints).toEqual(["node.platform.os == linux", "node.labels.org.phoenix.vm.1002==true"]);
  });

  it("makes no write call when nothing changed", async () => {
    const run = await sync();
    expect(run.results).toEqual([]);
    expect(run.nodes).toEqual([]);
    expect(port.writeCalls.total).toBe(0);
    expect(run.plan?.nodes?.map((n) => n.action)).toEqual(["unchanged", "unchanged"]);
  });

  it("plans a move to the other VM as a placement change, and the sync moves the tasks", async () => {
    await repo.editVms([
      { vmid: 1001, docker_stacks: ["web_app"] },
      { vmid: 1002, docker_stacks: [{ name: "api_service", environment: "staging" }, { name: "status_page", environment: "production" }] },
    ]);
    port.resetWriteCalls();
    const planned = await runPlan({ tree: createDirectoryTree(repo.dir), port, logger });
    expect(port.writeCalls.total).toBe(0);
    const changed = planned.plan?.stacks.filter((s) => s.action !== "unchanged").map((s) => [s.stack, s.action, s.objects.filter((o) => o.action !== "unchanged").map((o) => [o.name, o.fields.map((f) => [f.path, f.before, f.after])])]);
    expect(changed).toEqual([
      [
        "status_page",
        "update",
        [[`${ns("status_page")}_status`, [["deploy.placement.constraints", '["node.labels.org.phoenix.vm.1001==true"]', '["node.labels.org.phoenix.vm.1002==true"]']]]],
      ],
    ]);
    expect(planned.plan?.nodes?.every((n) => n.action === "unchanged")).toBe(true);

    const run = await sync();
    expect(run.results.map((r) => [r.namespace, r.outcome])).toEqual([[ns("status_page"), "applied"]]);
    expect(await listTaskNodes(port, ns("status_page"))).toEqual({ [`${ns("status_page")}_status`]: ["node-2"] });
    expect(await listTaskNodes(port, ns("web_app"))).toEqual({ [`${ns("web_app")}_web`]: ["node-1", "node-1"], [`${ns("web_app")}_probe`]: ["node-1"] });

    // Once moved, the same config writes nothing.
    const again = await sync();
    expect(again.results).toEqual([]);
    expect(port.writeCalls.total).toBe(0);
  });

  it("removes a node label that left the config and keeps a label set by hand", async () => {
    const node1 = (await port.listNodes()).find((n) => n.Description?.Hostname === "node-1");
    await port.updateNode(node1?.ID ?? "", node1?.Version?.Index ?? 0, { ...node1?.Spec, Labels: { ...node1?.Spec.Labels, "set.by": "hand" } });
    await repo.editVms([{ vmid: 1001, node_labels: ["tier=control"] }]);

    const run = await sync();
    expect(run.plan?.nodes?.find((n) => n.node === "node-1")?.fields.map((f) => [f.path, f.op])).toEqual([
      [`labels["${RECORD}"]`, "change"],
      ['labels["zone"]', "remove"],
    ]);
    expect(run.nodes?.map((n) => [n.node, n.outcome])).toEqual([["node-1", "applied"]]);
    expect(run.results).toEqual([]);
    const labels = await readNodeLabels(port);
    expect(labels["node-1"]).toMatchObject({ "set.by": "hand", tier: "control", [RECORD]: "org.phoenix.vm.1001,tier" });
    expect(labels["node-1"]?.zone).toBeUndefined();
    expect((await sync()).plan?.nodes?.every((n) => n.action === "unchanged")).toBe(true);
    expect(port.writeCalls.total).toBe(0);
  });

  it("shows the nodes and the VMs they play in phoenix status", async () => {
    process.env.DOCKER_HOST = TWO_NODE_SWARM.manager.host;
    try {
      const status = await runCli(["status", "--json"]);
      const nodes = (JSON.parse(status.stdout) as { nodes: { hostname: string; address: string; role: string; vms: string[] }[] }).nodes;
      expect(nodes.map((n) => [n.hostname, n.address, n.role, n.vms])).toEqual([
        ["node-1", "10.213.0.11", "manager", ["1001"]],
        ["node-2", "10.213.0.12", "worker", ["1002"]],
      ]);
    } finally {
      delete process.env.DOCKER_HOST;
    }
  });
});
