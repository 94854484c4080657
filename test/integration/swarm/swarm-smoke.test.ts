import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { waitFor } from "../../helpers/wait-for.js";

const IMAGE = "phoenix-test/busybox:1";

/** The first real-swarm test: a service's whole life through dockerode, against the local swarm. */
describe("swarm smoke", () => {
  let docker: Docker;
  const name = `phoenix-smoke-${process.pid}-${Date.now().toString(36)}`;
  let serviceId: string | undefined;

  beforeAll(async () => {
    docker = await createDockerClient();
    const info = await docker.info();
    expect(info.Swarm.LocalNodeState, "the local node must be a swarm manager (scripts/setup-machine.sh)").toBe("active");
    await docker
      .getImage(IMAGE)
      .inspect()
      .catch(() => {
        throw new Error(`${IMAGE} is missing: run scripts/build-test-images.sh`);
      });
  });

  afterAll(async () => {
    if (serviceId) await docker.getService(serviceId).remove().catch(() => undefined);
  });

  it("creates a service, runs its task, removes it and its tasks", async () => {
    const created = await docker.createService({
      Name: name,
      Labels: { "org.phoenix.test": "swarm-smoke" },
      TaskTemplate: {
        ContainerSpec: { Image: IMAGE, Command: ["sleep", "3600"], Init: true },
        RestartPolicy: { Condition: "none" },
      },
      Mode: { Replicated: { Replicas: 1 } },
    });
    serviceId = created.id;
    const id = created.id;

    // Filtered here, not by the daemon: a `service` filter naming a removed service is a 404.
    const listTasks = async () => (await docker.listTasks()).filter((t) => t.ServiceID === id);
    const listContainers = () => docker.listContainers({ all: true, filters: { label: [`com.docker.swarm.service.id=${id}`] } });
    const running = await waitFor(
      async () => {
        const tasks = await listTasks();
        const failed = tasks.find((t) => ["failed", "rejected"].includes(t.Status?.State ?? ""));
        if (failed) throw new Error(`task ${failed.ID} ${failed.Status?.State}: ${failed.Status?.Err ?? "no error message"}`);
        return tasks.find((t) => t.Status?.State === "running");
      },
      { description: `a running task of ${name}`, timeoutMs: 30_000, describe: async () => JSON.stringify((await listTasks()).map((t) => t.Status)) },
    );

    expect(running.Spec?.ContainerSpec).toMatchObject({ Image: IMAGE, Command: ["sleep", "3600"], Init: true });
    const containerId: string | undefined = running.Status?.ContainerStatus?.ContainerID;
    expect(containerId).toBeTruthy();
    const container = await docker.getContainer(containerId ?? "").inspect();
    expect(container.State.Running).toBe(true);
    expect(container.Config.Labels["com.docker.swarm.service.name"]).toBe(name);

    await docker.getService(id).remove();
    serviceId = undefined;
    await waitFor(async () => ((await listTasks()).length === 0 && (await listContainers()).length === 0 ? true : undefined), {
      description: `the tasks and containers of ${name} to be gone`,
      timeoutMs: 30_000,
      describe: async () =>
        `tasks ${JSON.stringify((await listTasks()).map((t) => t.Status?.State))}, containers ${JSON.stringify((await listContainers()).map((c) => c.State))}`,
    });
    await expect(docker.getService(id).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
