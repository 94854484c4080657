import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployStack } from "../../../src/pipeline/deploy-stack.js";
import type { SwarmPort } from "../../../src/swarm/swarm-port.js";
import { buildTestStack, createTestSwarmPort, removeTestStack, testDeployOptions, uniqueStackName } from "./deploy-test-support.js";

/** The Debian docker.io CLI, the reference implementation on the test machines (docs/development.md). */
const REFERENCE_CLI = "/usr/bin/docker";

/** The compose file the real CLI converts into exactly `buildTestStack(stack)`. */
const COMPOSE = `version: "3.8"
x-service: &service
  image: phoenix-test/busybox:1
  command: ["sleep", "3600"]
  init: true
  stop_grace_period: 1s
  secrets: [token]
  configs: [{ source: conf, target: /etc/app.conf }]
  networks: [back]
services:
  api:
    <<: *service
    environment: { ROLE: api }
  worker:
    <<: *service
    environment: { ROLE: worker }
networks:
  back: {}
secrets:
  token: { file: ./token.txt }
configs:
  conf: { file: ./app.conf }
`;

/** Phoenix next to `docker stack deploy` on one swarm: adopting a CLI stack, and `compat` mode. */
describe("deployStack and the docker CLI", () => {
  const stack = uniqueStackName("cli");
  let port: SwarmPort;
  let dir: string;

  beforeAll(async () => {
    port = await createTestSwarmPort();
    dir = await mkdtemp(path.join(tmpdir(), "phoenix-cli-"));
    await writeFile(path.join(dir, "docker-compose.yml"), COMPOSE);
    await writeFile(path.join(dir, "token.txt"), "token-1");
    await writeFile(path.join(dir, "app.conf"), "mode=1\n");
    const cli = await execa(REFERENCE_CLI, ["stack", "deploy", "--resolve-image", "never", "-c", "docker-compose.yml", stack], { cwd: dir });
    expect(cli.stdout).toContain(`Creating service ${stack}_api`);
  });

  afterAll(async () => {
    await removeTestStack(port, stack);
    await rm(dir, { recursive: true, force: true });
  });

  it("adopts a stack the CLI deployed without touching its services", async () => {
    const result = await deployStack(port, buildTestStack(stack), testDeployOptions());

    expect(result.writeCalls.byMethod).toMatchObject({ updateService: 0, createService: 0, createSecret: 0, createConfig: 0 });
    // Only Phoenix's two labels are added: the secret's content is confirmed by an in-place update the daemon accepts.
    expect(result.writeCalls.byMethod).toMatchObject({ updateSecret: 1, updateConfig: 1 });
    expect(result.objects.filter((o) => o.kind === "service").map((o) => o.action)).toEqual(["unchanged", "unchanged"]);
    const again = await deployStack(port, buildTestStack(stack), testDeployOptions());
    expect(again.writeCalls.total).toBe(0);
  });

  it("with compat, sends the CLI's writes: every secret, config and service is updated", async () => {
    const result = await deployStack(port, buildTestStack(stack), testDeployOptions([], { compat: true }));
    expect(result.writeCalls.byMethod).toMatchObject({ updateSecret: 1, updateConfig: 1, updateService: 2 });
    expect(result.writeCalls.total).toBe(4);
    expect(result.objects.filter((o) => o.kind === "service").every((o) => o.changes.length === 0)).toBe(true);
  });

  it("with compat, fails on a secret data change with the daemon's words, like the CLI", async () => {
    const result = await deployStack(port, buildTestStack(stack, { token: "token-2" }), testDeployOptions([], { compat: true }));
    expect(result.outcome).toBe("failed");
    expect(result.error?.message).toBe(
      `failed to update secret ${stack}_token: rpc error: code = InvalidArgument desc = only updates to Labels are allowed`,
    );
    await writeFile(path.join(dir, "token.txt"), "token-2");
    const cli = await execa(REFERENCE_CLI, ["stack", "deploy", "--resolve-image", "never", "-c", "docker-compose.yml", stack], {
      cwd: dir,
      reject: false,
    });
    expect(cli.exitCode).toBe(1);
    expect(cli.stderr).toContain("only updates to Labels are allowed");
  });
});
