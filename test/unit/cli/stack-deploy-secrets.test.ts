/**
 * `phoenix stack deploy` against an in-memory swarm: `--json` prints no
 * environment values unless `--show-env`, and no secret value even then —
 * not in a command, a label, a URL, nor as the previous value of a rotated
 * password; the text output and errors hide them too.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runStackDeploy, type StackDeployOptions } from "../../../src/cli/stack/run-stack-deploy.js";
import type { StackContext } from "../../../src/cli/stack/stack-context.js";
import { createSilentLogger } from "../../../src/logger.js";
import { SENSITIVE_TEXT } from "../../../src/secrets/secret-masker.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

const CANARY = "CANARY-SECRET-91d2";
const OLD_CANARY = "CANARY-OLD-SECRET-33ab";

const V1 = `version: "3.8"
services:
  web:
    image: busybox:1
    command: ["httpd", "-f"]
    environment:
      MODE: one
      DB_PASSWORD: \${DB_PASSWORD}
      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db/app
`;

const V2 = `version: "3.8"
services:
  web:
    image: busybox:1
    command: ["httpd", "-f", "-r", "\${DB_PASSWORD}"]
    environment:
      MODE: two
      DB_PASSWORD: \${DB_PASSWORD}
      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db/app
    deploy:
      labels:
        com.example.dsn: postgres://app:\${DB_PASSWORD}@db/app
`;

let dir: string;
let port: FakeSwarmPort;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-stack-secrets-"));
  port = new FakeSwarmPort();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function deploy(compose: string, env: Record<string, string>, flags: Partial<StackDeployOptions> = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  await writeFile(path.join(dir, "docker-compose.yml"), compose);
  let stdout = "";
  let stderr = "";
  const context: StackContext = {
    io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => "" },
    env,
    cwd: dir,
    logger: createSilentLogger(),
    docker: () => Promise.reject(new Error("no docker in unit tests")),
    port: async () => port,
  };
  const options: StackDeployOptions = {
    composeFile: ["docker-compose.yml"],
    prune: false,
    resolveImage: "never",
    detach: true,
    compat: false,
    json: false,
    withRegistryAuth: false,
    cliVersion: "28.2",
    waitTimeoutMs: 2_000,
    ...flags,
  };
  const exitCode = await runStackDeploy("app", options, context);
  return { exitCode, stdout, stderr };
}

interface JsonChange {
  readonly path: string;
  readonly before?: string;
  readonly after?: string;
  readonly sensitive?: boolean;
}

function changesOf(stdout: string): JsonChange[] {
  const result = JSON.parse(stdout) as { objects: { changes: JsonChange[] }[] };
  return result.objects.flatMap((o) => o.changes);
}

describe("phoenix stack deploy --json", () => {
  it("prints no environment values, and masks the secret in the command and label", async () => {
    await deploy(V1, { DB_PASSWORD: OLD_CANARY });
    const { exitCode, stdout, stderr } = await deploy(V2, { DB_PASSWORD: CANARY }, { json: true });
    expect(exitCode).toBe(0);
    for (const secret of [CANARY, OLD_CANARY]) expect(stdout + stderr).not.toContain(secret);
    expect(stdout).not.toContain('"one"');
    const changes = changesOf(stdout);
    expect(changes.filter((c) => c.path.startsWith("env."))).toEqual([
      { field: "env", key: "DATABASE_URL", path: "env.DATABASE_URL", op: "change", sensitive: true },
      { field: "env", key: "DB_PASSWORD", path: "env.DB_PASSWORD", op: "change", sensitive: true },
      { field: "env", key: "MODE", path: "env.MODE", op: "change", sensitive: true },
    ]);
    expect(changes.find((c) => c.path === "command")?.after).toBe(JSON.stringify(["httpd", "-f", "-r", SENSITIVE_TEXT]));
    expect(changes.find((c) => c.path === 'deploy.labels["com.example.dsn"]')?.after).toBe(`postgres://app:${SENSITIVE_TEXT}@db/app`);
  });

  it("prints environment values with --show-env, except secret ones and the previous secret inside a URL", async () => {
    await deploy(V1, { DB_PASSWORD: OLD_CANARY });
    const { stdout } = await deploy(V2, { DB_PASSWORD: CANARY }, { json: true, showEnv: true });
    for (const secret of [CANARY, OLD_CANARY]) expect(stdout).not.toContain(secret);
    const env = changesOf(stdout).filter((c) => c.path.startsWith("env."));
    expect(env).toEqual([
      {
        field: "env",
        key: "DATABASE_URL",
        path: "env.DATABASE_URL",
        op: "change",
        before: `postgres://app:${SENSITIVE_TEXT}@db/app`,
        after: `postgres://app:${SENSITIVE_TEXT}@db/app`,
      },
      { field: "env", key: "DB_PASSWORD", path: "env.DB_PASSWORD", op: "change", sensitive: true },
      { field: "env", key: "MODE", path: "env.MODE", op: "change", before: "one", after: "two" },
    ]);
  });

  it("reports an interpolation error without the value, in JSON and in text", async () => {
    const bad = V2.replace("    deploy:\n", "    deploy:\n      replicas: ${DB_PASSWORD}\n");
    const json = await deploy(bad, { DB_PASSWORD: CANARY }, { json: true });
    const text = await deploy(bad, { DB_PASSWORD: CANARY });
    expect([json.exitCode, text.exitCode]).toEqual([1, 1]);
    expect(json.stdout).toContain("COMPOSE_CAST");
    expect(text.stderr).toContain('parsing the value of "${DB_PASSWORD}" (not shown)');
    expect(json.stdout + json.stderr + text.stdout + text.stderr).not.toContain(CANARY);
  });

  it("masks the secret in the text output's lines", async () => {
    const { stdout, stderr } = await deploy(V2.replace("image: busybox:1", "image: busybox:${DB_PASSWORD}"), { DB_PASSWORD: CANARY });
    expect(stdout + stderr).toContain("Creating service app_web");
    expect(stdout + stderr).not.toContain(CANARY);
  });
});
