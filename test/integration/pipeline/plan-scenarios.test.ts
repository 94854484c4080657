import { mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { formatDiagnostic, sortDiagnostics } from "../../../src/diagnostics.js";
import { createSilentLogger } from "../../../src/logger.js";
import { runPlan, type PlanRun } from "../../../src/pipeline/run-plan.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import type { Plan } from "../../../src/plan/plan.js";
import { PlanJsonDocument } from "../../../src/report/plan-json-document.js";
import { renderPlanJson } from "../../../src/report/render-plan-json.js";
import { renderPlanMarkdown } from "../../../src/report/render-plan-markdown.js";
import { renderPlanText } from "../../../src/report/render-plan-text.js";
import { openConfigRepo } from "../../../src/source/open-config-repo.js";
import type { ConfigRepo } from "../../../src/source/config-repo.js";
import { createCountingSwarmPort, type CountingSwarmPort } from "../../../src/swarm/counting-swarm-port.js";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../../../src/swarm/dockerode-swarm-port.js";
import { removeStack } from "../../../src/swarm/remove-stack.js";
import { expectGoldenDirectory } from "../../helpers/expect-golden-directory.js";
import { runCli } from "../../helpers/run-cli.js";
import { createScenarioRepo, PLAN_SCENARIOS, SCENARIO_NAMESPACE_PREFIX, SECRET_VALUES, type ScenarioRepo } from "./plan-scenario-repo.js";

const goldenRoot = path.resolve(import.meta.dirname, "../../golden/plans");
const logger = createSilentLogger();
const BASE_NAMESPACES = ["scn-api_service", "scn-status_page", "scn-web_app"];

let targets: string;
let fixture: ScenarioRepo;
let repo: ConfigRepo;
let port: CountingSwarmPort;
/** Scenario name → its commit. */
const heads = new Map<string, string>();

/**
 * Only what differs between two runs of the same scenarios is replaced: the
 * commit shas (the base's tree holds the temp paths below, so its sha
 * changes), the infra targets' temp directory and the repo's temp directory
 * (in the source description). Everything else, the namespaces and Swarm
 * object names included, is fixed by the fixture and pinned as is.
 */
function normalise(text: string, head: string): string {
  const base = fixture.base;
  return normaliseNode(text)
    .replaceAll(head, "<head>")
    .replaceAll(base, "<base>")
    .replaceAll(head.slice(0, 12), "<head>")
    .replaceAll(base.slice(0, 12), "<base>")
    .replaceAll(targets, "<targets>")
    .replaceAll(fixture.repo.dir, "<repo>");
}

/** The swarm's one node, whose ID and host name differ from machine to machine. */
let node: { id: string; hostname: string } = { id: "", hostname: "" };

/** The node's ID, and its host name where the plan shows one (it may be a short word such as `vm`). */
function normaliseNode(text: string): string {
  const name = JSON.stringify(node.hostname);
  return text
    .replaceAll(node.id, "<node-id>")
    .replaceAll(`"hostname": ${name}`, '"hostname": "<node>"')
    .replaceAll(`"node": ${name}`, '"node": "<node>"')
    .replaceAll(`→ ${node.hostname} `, "→ <node> ")
    .replaceAll(`node/${node.hostname}:`, "node/<node>:")
    .replaceAll(`node ${node.hostname} `, "node <node> ");
}

async function liveNamespaces(): Promise<string[]> {
  return [...(await port.listAllStackObjects()).keys()].filter((ns) => ns.startsWith(SCENARIO_NAMESPACE_PREFIX)).sort();
}

/** Every target file with its content and mtime: a plan must leave them exactly as the base sync wrote them. */
async function snapshotTargets(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(targets, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[file] = `${(await stat(file)).mtimeMs} ${await readFile(file, "utf8")}`;
  }
  return out;
}

/** Service name → spec version of every scn- service: a plan must not bump one. */
async function snapshotServices(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const ns of await liveNamespaces()) for (const s of await port.listStackServices(ns)) out[s.Spec.Name] = s.Version.Index;
  return out;
}

let targetsAfterSync: Record<string, string>;
let servicesAfterSync: Record<string, number>;

beforeAll(async () => {
  targets = await mkdtemp(path.join(os.tmpdir(), "phoenix-scn-targets-"));
  fixture = await createScenarioRepo(targets);
  for (const scenario of PLAN_SCENARIOS) heads.set(scenario.name, await fixture.commitScenario(scenario));
  repo = await openConfigRepo({ url: fixture.repo.dir, logger });
  port = createCountingSwarmPort(createDockerodeSwarmPort(await createDockerClient()));
  const [only] = await port.listNodes();
  node = { id: only?.ID ?? "", hostname: only?.Description?.Hostname ?? "" };
  for (const ns of await liveNamespaces()) await removeStack(port, ns, { logger });

  const sync = await runSync({ tree: repo.openTree(fixture.base), commit: fixture.base, port, logger }, { dryRun: false });
  expect(sync.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  // In dependency order: api_service runs on VM 1002, which depends on VM 1001 and so on its stacks.
  expect(sync.results.map((r) => [r.namespace, r.outcome])).toEqual(["scn-status_page", "scn-web_app", "scn-api_service"].map((ns) => [ns, "applied"]));
  expect(sync.infra?.map((r) => [r.output, r.outcome])).toEqual([
    ["dns", "applied"],
    ["firewall", "applied"],
    ["traefik", "applied"],
  ]);
  expect(sync.ok).toBe(true);
  targetsAfterSync = await snapshotTargets();
  servicesAfterSync = await snapshotServices();
}, 300_000);

afterAll(async () => {
  if (port) for (const ns of await liveNamespaces()) await removeStack(port, ns, { logger });
  await fixture?.repo.remove();
  if (targets) await rm(targets, { recursive: true, force: true });
}, 120_000);

async function plan(name: string): Promise<PlanRun> {
  const head = heads.get(name) ?? "";
  port.resetWriteCalls();
  const run = await runPlan({ tree: repo.openTree(head), commit: head, baseTree: repo.openTree(fixture.base), base: fixture.base, port, logger });
  expect(port.writeCalls.total).toBe(0);
  return run;
}

/** What a plan affects: the impact's stacks and outputs, and `[stack, action]` / `[output, file, action]` of every unit that is not unchanged. */
function affected(p: Plan) {
  return {
    impactStacks: p.impact?.stacks.map((s) => s.name),
    impactInfra: p.impact?.infra.map((f) => f.output),
    stacks: p.stacks.filter((s) => s.action !== "unchanged").map((s) => [s.stack, s.action]),
    infra: p.infra.filter((f) => f.action !== "unchanged").map((f) => [f.output, f.file.replace(targets, "<targets>"), f.action]),
  };
}

/** Renders the plan three ways with the repo's secret patterns, checks the goldens, returns the renderings. */
async function expectRenderings(name: string, run: PlanRun): Promise<Record<string, string>> {
  const p = run.plan as Plan;
  const head = heads.get(name) ?? "";
  const mask = { secretPatterns: run.settings?.secrets.variablePatterns ?? [] };
  const files = {
    "plan.txt": normalise(renderPlanText(p, { ...mask, color: false }), head),
    "comment.md": normalise(renderPlanMarkdown(p, mask), head),
    "plan.json": normalise(renderPlanJson(p, mask), head),
  };
  expect(PlanJsonDocument.safeParse(JSON.parse(renderPlanJson(p, mask))).error).toBeUndefined();
  await expectGoldenDirectory(path.join(goldenRoot, name), files);
  return files;
}

const DNS = ["dns", "<targets>/dns/dnsmasq.d/00-phoenix-internal.conf", "update"];
// NGINX has no target (kind: none): it is diffed against the base commit's render, under its name in the output.
const NGINX = ["nginx", "nginx/sites-available/gateway", "update"];

/** Exactly what each valid scenario affects: nothing else may be planned, and the live base never drifted. */
const EXPECTED: Record<string, ReturnType<typeof affected>> = {
  "add-stack": {
    impactStacks: ["notes"],
    impactInfra: ["dns", "firewall", "nginx"],
    stacks: [["notes", "create"]],
    infra: [DNS, ["firewall", "<targets>/firewall/1001.fw", "update"], NGINX],
  },
  "change-image": { impactStacks: ["web_app"], impactInfra: [], stacks: [["web_app", "update"]], infra: [] },
  "change-env": { impactStacks: ["web_app"], impactInfra: [], stacks: [["web_app", "update"]], infra: [] },
  // An orphan is not in the config: the plan names it by its namespace. Its firewall rule stays: web_app's identical rule keeps it.
  "remove-stack": { impactStacks: ["status_page"], impactInfra: ["dns", "nginx"], stacks: [["scn-status_page", "orphaned"]], infra: [DNS, NGINX] },
  "reorder-json-keys": { impactStacks: [], impactInfra: [], stacks: [], infra: [] },
  // The stack's placement follows it to the new VM (on this one-node swarm the node plays both VMs); its firewall
  // rule follows it too, and stays on the old VM, where web_app has the same rule.
  "vm-reassignment": {
    impactStacks: ["status_page"],
    impactInfra: ["firewall"],
    stacks: [["status_page", "update"]],
    infra: [["firewall", "<targets>/firewall/1002.fw", "update"]],
  },
};

describe("phoenix plan of each scenario commit against the deployed base", () => {
  it("plans nothing for the base itself", async () => {
    port.resetWriteCalls();
    const run = await runPlan({ tree: repo.openTree(fixture.base), commit: fixture.base, baseTree: repo.openTree(fixture.base), base: fixture.base, port, logger });
    expect(port.writeCalls.total).toBe(0);
    expect(run.plan && affected(run.plan)).toEqual({ impactStacks: [], impactInfra: [], stacks: [], infra: [] });
    expect(run.plan?.impact).toEqual({ changedPaths: [], stacks: [], infra: [], guests: [], settingsChanged: false });
  });

  it.each(Object.keys(EXPECTED))("%s: plans exactly the affected units, without drift, as in its goldens", async (name) => {
    const run = await plan(name);
    const p = run.plan as Plan;
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(affected(p)).toEqual(EXPECTED[name]);
    expect(p.impact?.guests).toEqual([]);
    expect(p.impact?.settingsChanged).toBe(false);
    expect([...p.stacks, ...p.infra].filter((u) => u.drift)).toEqual([]);
    // Only this repo's instance counts: other suites' stacks on the shared swarm are never orphans here.
    expect(p.stacks.every((s) => s.namespace.startsWith(SCENARIO_NAMESPACE_PREFIX))).toBe(true);
    await expectRenderings(name, run);
  });

  it("add-stack: creates the new stack's network and service under the namespace template", async () => {
    const notes = (await plan("add-stack")).plan?.stacks.find((s) => s.stack === "notes");
    expect(notes?.objects.map((o) => [o.kind, o.name, o.action])).toEqual([
      ["network", "scn-notes_default", "create"],
      ["service", "scn-notes_notes", "create"],
    ]);
  });

  it("change-image: changes only the image of the one service that uses it", async () => {
    const web = (await plan("change-image")).plan?.stacks.find((s) => s.stack === "web_app");
    const changed = web?.objects.filter((o) => o.action !== "unchanged");
    expect(changed?.map((o) => [o.name, o.fields.map((f) => [f.path, f.op, f.before, f.after])])).toEqual([
      ["scn-web_app_web", [["image", "change", "phoenix-test/web:1", "phoenix-test/web:2"]]],
    ]);
  });

  it("change-env: shows the changed variable and never the token's values", async () => {
    const web = (await plan("change-env")).plan?.stacks.find((s) => s.stack === "web_app");
    expect(web?.objects.flatMap((o) => o.fields.map((f) => [f.path, f.sensitive === true]))).toEqual([
      ["env.API_TOKEN", true],
      ["env.LOG_LEVEL", false],
    ]);
    for (const file of ["plan.txt", "comment.md", "plan.json"]) {
      const text = await readFile(path.join(goldenRoot, "change-env", file), "utf8");
      expect(text).toContain("env.API_TOKEN");
      for (const secret of Object.values(SECRET_VALUES)) expect(text).not.toContain(secret);
    }
  });

  it("remove-stack: lists the deployed stacks of this instance only", async () => {
    const p = (await plan("remove-stack")).plan;
    expect(p?.stacks.map((s) => [s.namespace, s.action])).toEqual([
      ["scn-api_service", "unchanged"],
      ["scn-status_page", "orphaned"],
      ["scn-web_app", "unchanged"],
    ]);
  });

  it("reorder-json-keys: really reorders (every text changed, no parsed value did) and says nothing Phoenix manages changed", async () => {
    const p = (await plan("reorder-json-keys")).plan;
    expect(p?.impact?.changedPaths).toHaveLength(6);
    const [before, after] = [repo.openTree(fixture.base), repo.openTree(heads.get("reorder-json-keys") ?? "")];
    for (const file of p?.impact?.changedPaths ?? []) {
      const [old, now] = [(await before.readText(file)) ?? "", (await after.readText(file)) ?? ""];
      expect(now).not.toBe(old);
      expect(JSON.parse(now)).toEqual(JSON.parse(old));
    }
    const ctids = (text: string | undefined) => [...(text ?? "").matchAll(/^\s*"(\d+)": \{/gm)].map((m) => m[1]);
    expect([ctids(await before.readText("etc/phoenix_lxc_configs.json")), ctids(await after.readText("etc/phoenix_lxc_configs.json"))]).toEqual([
      ["103", "101", "102"],
      ["102", "101", "103"],
    ]);
  });

  it("vm-reassignment: names the move as the reason, and plans it as a placement change of the stack's service", async () => {
    const p = (await plan("vm-reassignment")).plan;
    expect(p?.impact?.stacks).toEqual([{ name: "status_page", reasons: ["production: moved from VM 1001 to VM 1002"] }]);
    const changed = p?.stacks.find((s) => s.stack === "status_page")?.objects.filter((o) => o.action !== "unchanged");
    expect(changed?.map((o) => [o.name, o.fields.map((f) => [f.path, f.before, f.after])])).toEqual([
      ["scn-status_page_status", [["deploy.placement.constraints", '["node.labels.org.phoenix.vm.1001==true"]', '["node.labels.org.phoenix.vm.1002==true"]']]],
    ]);
    // The one node of this swarm plays both VMs (swarm.nodes): it carries both labels already.
    expect(p?.topology?.vms.map((vm) => [vm.vmid, vm.matchedBy])).toEqual([
      ["1001", "settings"],
      ["1002", "settings"],
    ]);
    expect(p?.nodes?.map((n) => n.action)).toEqual(["unchanged"]);
  });

  it("invalid-commit: the errors at file:line:column, and no plan", async () => {
    const run = await plan("invalid-commit");
    expect(run.plan).toBeUndefined();
    const errors = sortDiagnostics(run.diagnostics.filter((d) => d.severity === "error"));
    expect(errors.map((d) => [d.file, d.line, d.column])).toEqual([
      ["stacks/status_page/docker-compose.yml", 19, 17],
      ["stacks/web_app/phoenix.json", 10, 17],
    ]);
    const text = sortDiagnostics(run.diagnostics).map((d) => `${formatDiagnostic(d)}\n`).join("");
    await expectGoldenDirectory(path.join(goldenRoot, "invalid-commit"), { "errors.txt": normalise(text, heads.get("invalid-commit") ?? "") });
  });
});

describe("phoenix plan --repo --ref --base on the scenario commits", () => {
  const cli = (name: string, ...extra: string[]) => {
    vi.stubEnv("NO_COLOR", "1");
    return runCli(["plan", "--repo", fixture.repo.dir, "--ref", heads.get(name) ?? "", "--base", fixture.base, ...extra]).finally(() => vi.unstubAllEnvs());
  };
  const golden = (name: string, file: string) => readFile(path.join(goldenRoot, name, file), "utf8");

  it("exits 2 on a change and prints the golden plan", async () => {
    const run = await cli("change-image");
    expect(run.exitCode).toBe(2);
    expect(normalise(run.stdout, heads.get("change-image") ?? "")).toBe(await golden("change-image", "plan.txt"));
  });

  it("exits 0 when only JSON keys were reordered", async () => {
    const run = await cli("reorder-json-keys");
    expect(run.exitCode).toBe(0);
    expect(normalise(run.stdout, heads.get("reorder-json-keys") ?? "")).toBe(await golden("reorder-json-keys", "plan.txt"));
  });

  it("exits 1 on an invalid commit and prints its errors", async () => {
    const run = await cli("invalid-commit");
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(normalise(run.stderr, heads.get("invalid-commit") ?? "")).toBe(await golden("invalid-commit", "errors.txt"));
  });

  it("prints --json that the documented schema accepts and that matches the golden", async () => {
    const run = await cli("change-env", "--json");
    expect(run.exitCode).toBe(2);
    const document: unknown = JSON.parse(run.stdout);
    expect(PlanJsonDocument.safeParse(document).error).toBeUndefined();
    // With --base the CLI plans the head as a pull request: under the base's execution values, which the head does not change.
    const { trust, ...planned } = JSON.parse(normalise(run.stdout, heads.get("change-env") ?? "")) as { trust?: unknown };
    expect(trust).toEqual({ ref: "<base>", commit: "<base>", changes: [] });
    expect(planned).toEqual(JSON.parse(await golden("change-env", "plan.json")));
  });
});

describe("after every plan", () => {
  it("left the swarm and the infra targets exactly as the base sync did", async () => {
    expect(await liveNamespaces()).toEqual(BASE_NAMESPACES);
    expect(await snapshotServices()).toEqual(servicesAfterSync);
    expect(await snapshotTargets()).toEqual(targetsAfterSync);
  });
});
