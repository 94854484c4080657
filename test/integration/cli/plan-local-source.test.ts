import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/run-cli.js";
import { runGit } from "../../helpers/git-cli.js";
import { createScenarioRepo, PLAN_SCENARIOS, type ScenarioRepo } from "../pipeline/plan-scenario-repo.js";

/**
 * `phoenix plan` of a local clone: --ref and --base without --repo, git's own
 * revision forms, and a dirty working tree, against the shared swarm (plan
 * only reads it). The stacks are planned under a namespace nothing deploys,
 * so every service is a create and shows its attributes.
 */
const NAMESPACE = `clisrc${process.pid}-`;

interface PlanJson {
  source: { description: string; commit?: string; dirty?: true; base?: string };
  stacks: { stack: string; namespace: string; action: string; objects: { kind: string; name: string; action: string; fields: { path: string; op: string; before?: string; after?: string; sensitive: boolean }[] }[] }[];
  impact?: { changedPaths: string[]; stacks: { name: string; reasons: string[] }[] };
}

let targets: string;
let fixture: ScenarioRepo;
let head: string;

async function plan(...args: string[]): Promise<{ exitCode: number; json: PlanJson; stderr: string }> {
  const run = await runCli(["plan", "--dir", fixture.repo.dir, "--json", ...args]);
  return { exitCode: run.exitCode, json: JSON.parse(run.stdout) as PlanJson, stderr: run.stderr };
}

beforeAll(async () => {
  targets = await mkdtemp(path.join(os.tmpdir(), "phoenix-cli-source-"));
  fixture = await createScenarioRepo(targets);
  const settings = path.join(fixture.repo.dir, ".github/phoenix.yml");
  await writeFile(settings, (await readFile(settings, "utf8")).replace(/^stackNamespace: .*$/m, `stackNamespace: "${NAMESPACE}{stack}"`));
  await fixture.repo.commit({ files: {}, message: "plan under a namespace of this test" });
  const changeImage = PLAN_SCENARIOS.find((s) => s.name === "change-image");
  if (changeImage === undefined) throw new Error("no change-image scenario");
  head = await fixture.repo.commit({ files: await changeImage.edit(fixture.repo.dir), message: "change-image" });
});

afterAll(async () => {
  await fixture.repo.remove();
  await rm(targets, { recursive: true, force: true });
});

describe("phoenix plan --dir of a local clone", () => {
  it("plans the working tree at HEAD, clean, and shows what each created service runs", async () => {
    const { exitCode, json } = await plan();
    expect(exitCode).toBe(2);
    expect(json.source).toEqual({ description: fixture.repo.dir, commit: head });
    const web = json.stacks.find((s) => s.stack === "web_app");
    expect(web).toMatchObject({ namespace: `${NAMESPACE}web_app`, action: "create" });
    const service = web?.objects.find((o) => o.kind === "service" && o.name === `${NAMESPACE}web_app_web`);
    expect(service?.action).toBe("create");
    const fields = Object.fromEntries((service?.fields ?? []).map((f) => [f.path, f]));
    expect(fields.image).toEqual({ path: "image", op: "add", after: "phoenix-test/web:2", sensitive: false });
    expect(fields["deploy.replicas"]?.after).toBe("2");
    expect(fields.networks?.after).toBe(`${NAMESPACE}web_app_backend`);
    // A secret-named variable is listed, its value is not.
    expect(fields["env.API_TOKEN"]).toEqual({ path: "env.API_TOKEN", op: "add", sensitive: true });
    expect(Object.values(fields).every((f) => f.before === undefined)).toBe(true);
  });

  it("reads --ref HEAD~1 from the clone instead of ignoring it", async () => {
    const { json } = await plan("--ref", "HEAD~1");
    expect(json.source.commit).toBe(fixture.repo.commits.at(-2));
    const service = json.stacks.find((s) => s.stack === "web_app")?.objects.find((o) => o.name === `${NAMESPACE}web_app_web`);
    expect(service?.fields.find((f) => f.path === "image")?.after).toBe("phoenix-test/web:1");
    expect(json.source.dirty).toBeUndefined();
  });

  it("compares with --base HEAD^ from the clone, naming the compose file's own path", async () => {
    const { json } = await plan("--base", "HEAD^");
    expect(json.source).toMatchObject({ commit: head, base: fixture.repo.commits.at(-2) });
    expect(json.impact?.changedPaths).toEqual(["stacks/web_app/docker-compose.yml"]);
    expect(json.impact?.stacks).toEqual([{ name: "web_app", reasons: ["production: stacks/web_app/docker-compose.yml: services.web.image changed"] }]);
  });

  it("marks uncommitted changes, in the JSON and in the text header", async () => {
    const compose = path.join(fixture.repo.dir, "stacks/web_app/docker-compose.yml");
    const committed = await readFile(compose, "utf8");
    await writeFile(compose, committed.replace("image: phoenix-test/web:2", "image: phoenix-test/web:3"));
    try {
      const { json } = await plan();
      expect(json.source).toEqual({ description: fixture.repo.dir, commit: head, dirty: true });
      const text = await runCli(["plan", "--dir", fixture.repo.dir]);
      expect(text.stdout.split("\n")[0]).toBe(`Phoenix plan for production (commit ${head} + uncommitted changes)`);
    } finally {
      await runGit(fixture.repo.dir, ["checkout", "--", "stacks/web_app/docker-compose.yml"]);
    }
    expect((await plan()).json.source.dirty).toBeUndefined();
  });

  it("refuses a revision that starts with '-' and names one that does not exist", async () => {
    await expect(runCli(["plan", "--dir", fixture.repo.dir, "--ref=--output=/tmp/phoenix-x"])).rejects.toMatchObject({ code: "SOURCE_REF_UNSUPPORTED" });
    await expect(runCli(["plan", "--dir", fixture.repo.dir, "--base", "no-such-branch"])).rejects.toThrow(/no commit named no-such-branch/);
  });
});
