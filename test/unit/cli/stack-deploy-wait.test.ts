/**
 * `phoenix stack deploy` waits the way the CLI it imitates waits: 20.10
 * never waits, 23.0+ does not wait unless `--detach=false` and says so;
 * `-q` hides the progress of a wait but not what was written.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runStackDeploy, type StackDeployOptions } from "../../../src/cli/stack/run-stack-deploy.js";
import type { StackContext } from "../../../src/cli/stack/stack-context.js";
import { createSilentLogger } from "../../../src/logger.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

const COMPOSE = `version: "3.8"
services:
  web:
    image: busybox:1
    deploy:
      update_config: { monitor: 100ms }
`;
const NOTICE = "Since --detach=false was not specified, tasks will be created in the background.\nIn a future release, --detach=false will become the default.\n";

let dir: string;
let port: FakeSwarmPort;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-stack-wait-"));
  await writeFile(path.join(dir, "docker-compose.yml"), COMPOSE);
  port = new FakeSwarmPort();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function deploy(flags: Partial<StackDeployOptions>): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const context: StackContext = {
    io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => "" },
    env: {},
    cwd: dir,
    logger: createSilentLogger(),
    docker: () => Promise.reject(new Error("no docker in unit tests")),
    port: async () => port,
  };
  const options: StackDeployOptions = {
    composeFile: ["docker-compose.yml"],
    prune: false,
    resolveImage: "never",
    detach: undefined,
    compat: false,
    json: false,
    withRegistryAuth: false,
    cliVersion: "28.2",
    waitTimeoutMs: 5_000,
    ...flags,
  };
  const exitCode = await runStackDeploy("app", options, context);
  return { exitCode, stdout, stderr };
}

describe("phoenix stack deploy wait behaviour", () => {
  it("28.2 without --detach: does not wait, and prints the CLI's notice", async () => {
    const { exitCode, stdout, stderr } = await deploy({ cliVersion: "28.2" });
    expect(exitCode).toBe(0);
    expect(stderr).toContain(NOTICE);
    expect(stdout).toContain("Creating service app_web\n");
    expect(stdout).not.toContain("converged");
  });

  it("20.10 without --detach: does not wait, and prints no notice (20.10 has no --detach)", async () => {
    const { stdout, stderr } = await deploy({ cliVersion: "20.10" });
    expect(stderr).not.toContain("Since --detach");
    expect(stdout).toContain("Creating service app_web\n");
    expect(stdout).not.toContain("converged");
  });

  it("--detach=false waits for convergence; -q hides the progress but not the writes", async () => {
    const waited = await deploy({ detach: false });
    expect(waited.stderr).not.toContain("Since --detach");
    expect(waited.stdout).toContain("Service app_web converged\n");
    await port.removeService([...port.services.keys()][0] ?? "");
    const quiet = await deploy({ detach: false, quiet: true });
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stdout).toContain("Creating service app_web\n");
    expect(quiet.stdout).not.toContain("converged");
  });
});
