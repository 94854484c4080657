import { describe, expect, it } from "vitest";
import type { ComposeFileInput, ComposeProject, LoadComposeOptions, LoadComposeResult } from "../../../src/compose/types.js";
import type { Diagnostic } from "../../../src/errors.js";
import { APP_COMPOSE, buildRepo, loadRepo } from "./config-repo.js";

interface Call {
  readonly files: readonly ComposeFileInput[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly workingDir: string;
  readonly envFile: string | undefined;
}

/** Records its calls; reads `.env` through the given readFile and reports a warning, plus an error when API_PORT is missing. */
function fakeLoadCompose(calls: Call[]) {
  return async (files: readonly ComposeFileInput[], options: LoadComposeOptions): Promise<LoadComposeResult> => {
    const bytes = await options.readFile(`${options.workingDir}/.env`);
    calls.push({ files, env: options.env, workingDir: options.workingDir, envFile: bytes && Buffer.from(bytes).toString("utf8") });
    const at = { stage: "load" as const, file: files[0]?.path, line: 1, column: 1 };
    const diagnostics: Diagnostic[] = [{ ...at, severity: "warning", code: "COMPOSE_VERSION_OBSOLETE", message: "`version` is obsolete" }];
    if (options.env.API_PORT === undefined) diagnostics.push({ ...at, severity: "error", code: "COMPOSE_VARIABLE_UNSET", message: "API_PORT is not set" });
    const project = { name: `project-${String(options.env.API_PORT)}` } as unknown as ComposeProject;
    return { project: diagnostics.some((d) => d.severity === "error") ? undefined : project, diagnostics };
  };
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

describe("compose files loaded per stack environment", () => {
  it("loads each environment with its variables and passes the findings through once", async () => {
    const manifest = { environments: { production: { variables: [{ name: "API_PORT", value: "8000" }] }, testing: {} } };
    const calls: Call[] = [];
    const tree = buildRepo({ files: { "stacks/app/phoenix.json": json(manifest), "stacks/app/.env": "A=1\n" } });
    const result = await loadRepo(tree, { loadCompose: fakeLoadCompose(calls) });
    expect(calls).toEqual([
      { files: [{ path: "stacks/app/docker-compose.yml", text: APP_COMPOSE }], env: { API_PORT: "8000" }, workingDir: "stacks/app", envFile: "A=1\n" },
      { files: [{ path: "stacks/app/docker-compose.yml", text: APP_COMPOSE }], env: {}, workingDir: "stacks/app", envFile: "A=1\n" },
    ]);
    expect(result.messages).toEqual([
      "stacks/app/docker-compose.yml:1:1 error: API_PORT is not set (environment testing)",
      "stacks/app/docker-compose.yml:1:1 warning: `version` is obsolete",
    ]);
    expect(result.state).toBeUndefined();
  });

  it("stores each environment's project in the state", async () => {
    const manifest = { environments: { production: { variables: [{ name: "API_PORT", value: "8000" }] }, testing: { variables: [{ name: "API_PORT", value: "8001" }] } } };
    const result = await loadRepo(buildRepo({ files: { "stacks/app/phoenix.json": json(manifest) } }), { loadCompose: fakeLoadCompose([]) });
    const environments = result.state?.stacks.get("app")?.environments;
    expect([environments?.get("production")?.compose, environments?.get("testing")?.compose]).toEqual([{ name: "project-8000" }, { name: "project-8001" }]);
  });

  it("loads a stack without environments once, without variables", async () => {
    const calls: Call[] = [];
    const result = await loadRepo(buildRepo({ files: { "stacks/app/phoenix.json": json({ description: "no environments" }) } }), { loadCompose: fakeLoadCompose(calls) });
    expect(calls.map((c) => c.env)).toEqual([{}]);
    expect(result.messages).toEqual(["stacks/app/docker-compose.yml:1:1 error: API_PORT is not set", "stacks/app/docker-compose.yml:1:1 warning: `version` is obsolete"]);
  });
});
