import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { needsTrustReview } from "../../../src/plan/plan.js";
import { runPlan } from "../../../src/pipeline/run-plan.js";
import { renderPlanMarkdown } from "../../../src/report/render-plan-markdown.js";
import { renderPlanText } from "../../../src/report/render-plan-text.js";
import { renderPlanJson } from "../../../src/report/render-plan-json.js";
import { TRUST_NOTICE_TITLE } from "../../../src/report/render-trust-notice.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const work = mkdtempSync(path.join(tmpdir(), "phoenix-trust-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The bundled example with the given settings file, as a directory. */
function exampleRepo(name: string, settings: string): string {
  const dir = path.join(work, name);
  cpSync(path.join(repoRoot, "etc"), path.join(dir, "etc"), { recursive: true });
  cpSync(path.join(repoRoot, "stacks"), path.join(dir, "stacks"), { recursive: true });
  mkdirSync(path.join(dir, ".github"), { recursive: true });
  writeFileSync(path.join(dir, ".github", "phoenix.yml"), settings);
  return dir;
}

const targets = (traefik: string) => `infra:\n  targets:\n    dns: { kind: none }\n    firewall: { kind: none }\n    nginx: { kind: none }\n    traefik: ${traefik}\n`;

describe("a plan across the trust boundary", () => {
  // The trusted ref deploys Traefik's file to a directory of its own; the PR points the target at a host directory holding a secret.
  const trustedDir = path.join(work, "trusted-traefik");
  const hostDir = path.join(work, "host-secrets");
  mkdirSync(trustedDir, { recursive: true });
  mkdirSync(hostDir, { recursive: true });
  writeFileSync(path.join(hostDir, "dynamic_conf.yml"), "CANARY-HOST-FILE-3b9e\n");
  const marker = path.join(work, "reload-ran");
  const trusted = exampleRepo("trusted", targets(`{ kind: local, path: ${JSON.stringify(trustedDir)} }`));
  const head = exampleRepo("head", targets(`{ kind: local, path: ${JSON.stringify(hostDir)}, reload: "touch ${marker}" }`));

  it("reads targets as the trusted ref says, lists the changed values and renders the notice first", async () => {
    const run = await runPlan({
      tree: createDirectoryTree(head),
      port: new FakeSwarmPort(),
      logger: createSilentLogger(),
      trusted: { tree: createDirectoryTree(trusted), ref: "main" },
    });
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const plan = run.plan;
    if (!plan) throw new Error("no plan");
    const traefik = plan.infra.filter((f) => f.output === "traefik");
    expect(traefik.map((f) => f.file)).toEqual([path.join(trustedDir, "dynamic_conf.yml")]);
    expect(plan.trust?.changes).toEqual([
      {
        file: ".github/phoenix.yml",
        setting: "infra.targets.traefik",
        before: JSON.stringify({ kind: "local", path: trustedDir }),
        after: JSON.stringify({ kind: "local", path: hostDir, reload: ["sh", "-c", `touch ${marker}`] }),
      },
    ]);
    expect(needsTrustReview(plan)).toBe(true);
    const outputs = [renderPlanMarkdown(plan), renderPlanText(plan, { color: false }), renderPlanJson(plan)];
    for (const out of outputs) expect(out).not.toContain("CANARY-HOST-FILE-3b9e");
    const markdown = renderPlanMarkdown(plan);
    expect(markdown.indexOf(TRUST_NOTICE_TITLE)).toBeGreaterThan(0);
    expect(markdown.indexOf(TRUST_NOTICE_TITLE)).toBeLessThan(markdown.indexOf("### Phoenix plan"));
    expect(renderPlanText(plan, { color: false }).split("\n")[2]).toContain(TRUST_NOTICE_TITLE);
    expect(JSON.parse(renderPlanJson(plan)).trust.ref).toBe("main");
    expect(existsSync(marker)).toBe(false);
  });

  it("reads the tree's own targets when the tree itself is trusted (a plain plan of a working directory)", async () => {
    const run = await runPlan({ tree: createDirectoryTree(head), port: new FakeSwarmPort(), logger: createSilentLogger() });
    expect(run.plan?.trust).toBeUndefined();
    expect(run.plan?.infra.find((f) => f.output === "traefik")?.diff).toContain("CANARY-HOST-FILE-3b9e");
  });

  it("lists no change and needs no review when the tree keeps the trusted values", async () => {
    const run = await runPlan({ tree: createDirectoryTree(trusted), port: new FakeSwarmPort(), logger: createSilentLogger(), trusted: { tree: createDirectoryTree(trusted), ref: "main" } });
    expect(run.plan?.trust).toEqual({ ref: "main", changes: [] });
    expect(renderPlanMarkdown(run.plan ?? fail())).not.toContain(TRUST_NOTICE_TITLE);
  });

  it("keeps the trusted ref's secret patterns: a pull request cannot unmask a value by dropping a pattern", async () => {
    const withPattern = exampleRepo("patterns", `${targets("{ kind: none }")}secrets:\n  variablePatterns: ["LOG_*"]\n`);
    const without = exampleRepo("no-patterns", targets("{ kind: none }"));
    const run = await runPlan({ tree: createDirectoryTree(without), port: new FakeSwarmPort(), logger: createSilentLogger(), trusted: { tree: createDirectoryTree(withPattern), ref: "main" } });
    expect(run.settings?.secrets.variablePatterns).toEqual(["LOG_*"]);
  });

  it("refuses what the operator does not allow, even from the trusted ref, before reading anything", async () => {
    const run = await runPlan({
      tree: createDirectoryTree(head),
      port: new FakeSwarmPort(),
      logger: createSilentLogger(),
      policy: { allowRepoCommands: false, allowedPaths: ["/srv/phoenix"] },
    });
    expect(run.plan).toBeUndefined();
    expect(run.diagnostics.filter((d) => d.code === "TRUST_POLICY_REFUSED").map((d) => d.path)).toEqual(["infra.targets.traefik.reload", "infra.targets.traefik.path"]);
    expect(readFileSync(path.join(hostDir, "dynamic_conf.yml"), "utf8")).toBe("CANARY-HOST-FILE-3b9e\n");
  });
});

function fail(): never {
  throw new Error("no plan");
}
