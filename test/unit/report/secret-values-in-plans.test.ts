/**
 * A secret variable used where no field rule sees it — a command, a deploy
 * label, another environment entry, a URL, an interpolation error — never
 * reaches a plan's text, JSON or pull-request comment, nor `validate`. The
 * example config is synced to a fake swarm, then planned with the secret
 * used in the api service, so the plan shows field-level updates.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runValidate } from "../../../src/cli/actions/validate.js";
import { renderPlanReport } from "../../../src/report/github/render-plan-report.js";
import { createSilentLogger } from "../../../src/logger.js";
import { runPlan, type PlanRun } from "../../../src/pipeline/run-plan.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { renderPlanJson } from "../../../src/report/render-plan-json.js";
import { renderPlanMarkdown } from "../../../src/report/render-plan-markdown.js";
import { renderPlanText } from "../../../src/report/render-plan-text.js";
import { createSecretMasker, SENSITIVE_TEXT } from "../../../src/secrets/secret-masker.js";
import { createMemoryTree } from "../../../src/source/file-tree.js";
import { readExampleRepo, type RepoFiles } from "../impact/example-repo.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

const CANARY = "CANARY-SECRET-91d2";
/** Matched by the repo's `*_DSN` pattern only, not by the built-in rule. */
const DSN = "dsn-CANARY-PATTERN-5e1c";
/** Too short to mask by value: masked by field. */
const SHORT = "q7z";
const COMPOSE = "stacks/api_service/docker-compose.yml";
const MANIFEST = "stacks/api_service/phoenix.json";
const SETTINGS = [
  "swarm: { resolveImage: never }",
  "wait: { timeoutSeconds: 10, monitorSeconds: 0 }",
  "secrets: { variablePatterns: ['*_DSN'] }",
  "infra: { targets: { dns: { kind: none }, firewall: { kind: none }, traefik: { kind: none }, nginx: { kind: none } } }",
].join("\n");

const logger = createSilentLogger();

/** The example repo with the secret variables declared in api_service's environments, and its compose file edited. */
async function exampleFiles(editCompose: (text: string) => string = (t) => t): Promise<Record<string, string>> {
  const files: Record<string, string> = { ...(await readExampleRepo()), ".github/phoenix.yml": `${SETTINGS}\n` };
  const manifest = JSON.parse(files[MANIFEST] ?? "") as { environments: Record<string, { variables: { name: string; value: string }[] }> };
  for (const env of Object.values(manifest.environments)) env.variables.push({ name: "DB_PASSWORD", value: CANARY }, { name: "APP_DSN", value: DSN }, { name: "SHORT_PASS", value: SHORT });
  files[MANIFEST] = JSON.stringify(manifest, null, 2);
  files[COMPOSE] = editCompose(files[COMPOSE] ?? "");
  return files;
}

/** The secrets in the api service's command, a deploy label, another env entry (inside a URL) and a secret-named entry. */
function useSecrets(compose: string): string {
  return compose
    .replace('"-h", "/www"]', '"-h", "/www", "-r", "${DB_PASSWORD}"]')
    .replace("com.example.tier: backend", 'com.example.tier: backend\n        com.example.dsn: "postgres://app:${DB_PASSWORD}@db/app"\n        com.example.app-dsn: "${APP_DSN}"')
    .replace("API_ENVIRONMENT: ${API_ENVIRONMENT}", 'API_ENVIRONMENT: ${API_ENVIRONMENT}\n      DATABASE_URL: "postgres://app:${DB_PASSWORD}@db/app"\n      SHORT_PASS: ${SHORT_PASS}');
}

async function planAfterSync(files: RepoFiles): Promise<PlanRun> {
  const port = new FakeSwarmPort();
  const synced = await runSync({ tree: createMemoryTree(await exampleFiles()), port, logger }, { dryRun: false });
  expect(synced.ok).toBe(true);
  return runPlan({ tree: createMemoryTree(files), port, logger });
}

function renderAll(run: PlanRun): Record<string, string> {
  if (!run.plan) throw new Error(run.diagnostics.map((d) => d.message).join("\n"));
  const mask = { secretPatterns: run.settings?.secrets.variablePatterns ?? [], masker: run.masker };
  const report = renderPlanReport(run, { fork: false });
  return {
    text: renderPlanText(run.plan, { ...mask, color: false }),
    json: renderPlanJson(run.plan, mask),
    markdown: renderPlanMarkdown(run.plan, mask),
    comment: report.comment,
    check: JSON.stringify(report.check),
  };
}

describe("a plan that uses secret variables outside env fields", () => {
  it("shows the changed command, labels and env entries with every secret value masked", async () => {
    const run = await planAfterSync(await exampleFiles(useSecrets));
    const fields = run.plan?.stacks.find((s) => s.stack === "api_service")?.objects.flatMap((o) => o.fields.map((f) => f.path)) ?? [];
    expect(fields).toEqual(expect.arrayContaining(["command", 'deploy.labels["com.example.dsn"]', 'deploy.labels["com.example.app-dsn"]', "env.DATABASE_URL", "env.SHORT_PASS"]));
    for (const [name, output] of Object.entries(renderAll(run))) {
      for (const secret of [CANARY, DSN, SHORT]) expect(output, `${name} shows ${secret}`).not.toContain(secret);
      expect(output, name).toContain(SENSITIVE_TEXT);
    }
    expect(renderAll(run).text).toContain(`postgres://app:${SENSITIVE_TEXT}@db/app`);
  });

  it("would show them without the run's masker (the test can fail)", async () => {
    const run = await planAfterSync(await exampleFiles(useSecrets));
    const text = renderPlanText(run.plan!, { color: false, masker: createSecretMasker() });
    expect(text).toContain(CANARY);
    expect(text).toContain(DSN);
    expect(text).not.toContain(SHORT);
  });
});

describe("an interpolation error on a secret variable", () => {
  const replicas = (compose: string) => compose.replace("replicas: ${API_REPLICAS:-1}", "replicas: ${DB_PASSWORD}");

  it("is reported by plan without the value", async () => {
    const run = await runPlan({ tree: createMemoryTree(await exampleFiles(replicas)), port: new FakeSwarmPort(), logger });
    const errors = run.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.code)).toEqual(["COMPOSE_CAST"]);
    expect(JSON.stringify(run.diagnostics)).not.toContain(CANARY);
    expect(renderPlanReport(run, { fork: false }).comment).not.toContain(CANARY);
  });

  it("names the template instead of a value, or a piece of one, that an error would quote", async () => {
    // The memory parser drops the unit letter first: docker prints `parsing "dsn-CANARY-PATTERN-5e1"`, which no value matches.
    const memory = (compose: string) => compose.replace("memory: 64M", "memory: ${APP_DSN}");
    const run = await runPlan({ tree: createMemoryTree(await exampleFiles(memory)), port: new FakeSwarmPort(), logger });
    const errors = run.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.message)).toEqual([
      "decoding failed due to the following error(s):\n\nerror decoding 'Deploy.Resources.Limits.memory': strconv.ParseFloat: parsing \"<value of ${APP_DSN}, not shown>\": invalid syntax",
    ]);
    expect(JSON.stringify(run.diagnostics)).not.toContain("CANARY-PATTERN");
  });

  describe("phoenix validate", () => {
    let dir: string | undefined;
    afterEach(async () => {
      vi.restoreAllMocks();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("prints the error without the value, in text and JSON", async () => {
      dir = await mkdtemp(path.join(tmpdir(), "phoenix-secret-"));
      for (const [file, text] of Object.entries(await exampleFiles(replicas))) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await writeFile(path.join(dir, file), text);
      }
      let printed = "";
      const capture = (chunk: string | Uint8Array) => ((printed += String(chunk)), true);
      vi.spyOn(process.stdout, "write").mockImplementation(capture);
      vi.spyOn(process.stderr, "write").mockImplementation(capture);
      expect(await runValidate({ dir })).toBe(1);
      expect(await runValidate({ dir, json: true })).toBe(1);
      vi.restoreAllMocks();
      expect(printed).toContain(`${COMPOSE}:`);
      expect(printed).toContain('parsing the value of \\"${DB_PASSWORD}\\" (not shown)');
      expect(printed).not.toContain(CANARY);
    });
  });
});
