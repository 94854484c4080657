import { createHash, createHmac, randomUUID } from "node:crypto";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { deployStackWithCli, listRunningTasks, listStackServices, removeStackCleanly } from "../../helpers/swarm-stack.js";
import { waitFor } from "../../helpers/wait-for.js";
import {
  REPO_ROOT,
  buildPhoenixImage,
  findFreePort,
  generateAppPrivateKey,
  probeDockerApi,
  probeFileAccess,
  readMainProcessIdentity,
} from "./phoenix-container.js";

/**
 * The production way to run the GitHub App: the image from the repo's
 * Dockerfile (scripts/build-phoenix-image.sh), deployed with the real
 * `docker stack deploy` from deploy/phoenix-stack.yml, with the private key as
 * a Docker secret, on the local swarm. Reached through its published port.
 */
const IMAGE = "phoenix:dev";
const STACK_FILE = path.join(REPO_ROOT, "deploy/phoenix-stack.yml");
const KEY_IN_CONTAINER = "/run/secrets/phoenix_github_app_key";
const PHOENIX_UID = 10001;
const WEBHOOK_SECRET = `test-secret-${randomUUID()}`;
/** The build on a new machine (stand-in base, npm ci) takes a few minutes; a cached one seconds. */
const BUILD_TIMEOUT_MS = 10 * 60_000;

describe("deploy/phoenix-stack.yml on the swarm", () => {
  const run = `${process.pid}-${Date.now().toString(36)}`;
  const stack = `phoenixapp-${run}`;
  const secretName = `phoenix_app_key_${run}`;
  let docker: Docker;
  let tempDir: string;
  let dockerGid: number;
  let port: number;
  let keySha256: string;
  let containerId: string;

  beforeAll(async () => {
    docker = await createDockerClient();
    const info = await docker.info();
    expect(info.Swarm.ControlAvailable, "the local node must be a swarm manager (scripts/setup-machine.sh)").toBe(true);
    await buildPhoenixImage(IMAGE);

    tempDir = await mkdtemp(path.join(tmpdir(), "phoenix-stack-"));
    const keyFile = path.join(tempDir, "phoenix.private-key.pem");
    const key = generateAppPrivateKey();
    keySha256 = createHash("sha256").update(key).digest("hex");
    await writeFile(keyFile, key, { mode: 0o600 });
    // The documented commands, with this run's names.
    await execa("docker", ["secret", "create", secretName, keyFile]);

    dockerGid = (await stat("/var/run/docker.sock")).gid;
    port = await findFreePort();
    await deployStackWithCli(stack, STACK_FILE, {
      PHOENIX_IMAGE: IMAGE,
      PHOENIX_APP_ID: "123456",
      PHOENIX_WEBHOOK_SECRET: WEBHOOK_SECRET,
      DOCKER_GID: String(dockerGid),
      PHOENIX_PUBLISHED_PORT: String(port),
      PHOENIX_KEY_SECRET: secretName,
    });

    // Swarm reports the task as running only once its healthcheck passed.
    const [service] = await listStackServices(docker, stack);
    if (!service) throw new Error(`docker stack deploy created no service in ${stack}`);
    const task = await waitFor(
      async () => {
        const tasks = (await docker.listTasks({ filters: { service: [service.ID] } })) as { Status?: { State?: string; Err?: string } }[];
        const failed = tasks.find((t) => ["failed", "rejected"].includes(t.Status?.State ?? ""));
        if (failed) throw new Error(`task ${failed.Status?.State}: ${failed.Status?.Err ?? "no error"}; logs: ${await serviceLogs(stack)}`);
        return (await listRunningTasks(docker, service.ID))[0];
      },
      { description: `the task of ${stack}_app to run and be healthy`, timeoutMs: 90_000, intervalMs: 500, describe: () => serviceLogs(stack) },
    );
    containerId = task.Status?.ContainerStatus?.ContainerID ?? "";
  }, BUILD_TIMEOUT_MS + 120_000);

  afterAll(async () => {
    if (docker) {
      await removeStackCleanly(docker, stack);
      await execa("docker", ["secret", "rm", secretName], { reject: false });
    }
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it("runs one task on a manager, healthy by the stack's healthcheck", async () => {
    const container = await docker.getContainer(containerId).inspect();
    expect(container.State.Health?.Status).toBe("healthy");
    expect(container.Config.Healthcheck).toMatchObject({ Test: expect.arrayContaining(["CMD", "node"]), Interval: 10_000_000_000 });
    expect(container.Config.Image).toBe(IMAGE);
    const nodeId = container.Config.Labels["com.docker.swarm.node.id"] ?? "";
    expect((await docker.getNode(nodeId).inspect()).Spec.Role).toBe("manager");
  });

  it("answers /healthz and /metrics on the published port", async () => {
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok\n");
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain("# TYPE phoenix_webhook_deliveries_total counter");
    expect(text).toMatch(/^phoenix_process_resident_memory_bytes \d+/m);
  });

  it("refuses a webhook with a bad signature (400) and accepts one signed with WEBHOOK_SECRET", async () => {
    const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const deliver = (signature: string) =>
      fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": randomUUID(), "x-hub-signature-256": signature },
        body,
      });
    const forged = await deliver(`sha256=${createHmac("sha256", "not-the-secret").update(body).digest("hex")}`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/signature does not match/);
    const signed = await deliver(`sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`);
    expect(signed.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^phoenix_webhook_deliveries_total\{event="ping",result="rejected"\} 1$/m);
  });

  it("runs Phoenix as uid 10001 in the socket's group, able to use the manager's Docker API", async () => {
    const identity = await readMainProcessIdentity(containerId);
    expect(identity.cmdline).toEqual(["node", "dist/cli/main.js", "serve"]);
    expect(identity.uid).toEqual([PHOENIX_UID, PHOENIX_UID, PHOENIX_UID, PHOENIX_UID]);
    expect(identity.gid).toEqual([dockerGid, dockerGid, dockerGid, dockerGid]);
    expect(identity.groups).not.toContain(0);
    expect(await probeDockerApi(containerId)).toEqual({ status: 200, controlAvailable: true });
  });

  it("mounts the private key readable by Phoenix's user only", async () => {
    expect(await probeFileAccess(containerId, KEY_IN_CONTAINER)).toEqual({ uid: PHOENIX_UID, gid: 0, mode: "400", read: keySha256 });
    // Another user, even one in the file's group, cannot read it.
    expect((await probeFileAccess(containerId, KEY_IN_CONTAINER, "10002:0")).read).toBe("EACCES");
    expect((await probeFileAccess(containerId, KEY_IN_CONTAINER, "node")).read).toBe("EACCES");
  });
});

/** The service's last log lines, for a failure message. */
async function serviceLogs(stack: string): Promise<string> {
  const result = await execa("docker", ["service", "logs", "--raw", "--tail", "20", `${stack}_app`], { all: true, reject: false });
  return result.all ?? "";
}
