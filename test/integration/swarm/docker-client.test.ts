import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../../../src/swarm/docker-client.js";

const SOCKET = "/var/run/docker.sock";

/** A TCP port on 127.0.0.1 that forwards to the local daemon's socket: a real tcp:// DOCKER_HOST. */
async function startSocketForwarder(): Promise<{ host: string; stop: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(SOCKET);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    host: `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    // dockerode keeps connections alive; close them, or close() waits for their timeout.
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("createDockerClient", () => {
  const savedHost = process.env.DOCKER_HOST;
  let forwarder: Awaited<ReturnType<typeof startSocketForwarder>>;
  let tcpHost: string;

  beforeAll(async () => {
    forwarder = await startSocketForwarder();
    tcpHost = forwarder.host;
  });
  afterAll(async () => {
    await forwarder.stop();
  });
  afterEach(() => {
    if (savedHost === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = savedHost;
  });

  it("pins the API version the daemon reports", async () => {
    delete process.env.DOCKER_HOST;
    const docker = await createDockerClient();
    const { ApiVersion } = await docker.version();
    expect((docker.modem as { version?: string }).version).toBe(`v${ApiVersion}`);
    const info = await docker.info();
    expect(info.Swarm.LocalNodeState).toBe("active");
  });

  it("talks to a tcp:// host", async () => {
    const docker = await createDockerClient({ host: tcpHost });
    const ping = await docker.ping();
    expect(String(ping)).toBe("OK");
    expect((docker.modem as { host?: string }).host).toBe("127.0.0.1");
  });

  it("reads DOCKER_HOST when no host is given", async () => {
    process.env.DOCKER_HOST = tcpHost;
    const docker = await createDockerClient();
    expect((docker.modem as { port?: string }).port).toBe(new URL(tcpHost.replace("tcp:", "http:")).port);
    expect(String(await docker.ping())).toBe("OK");
  });

  it("prefers an explicit unix:// host over a DOCKER_HOST pointing elsewhere", async () => {
    process.env.DOCKER_HOST = "tcp://127.0.0.1:1";
    const docker = await createDockerClient({ host: `unix://${SOCKET}` });
    expect(String(await docker.ping())).toBe("OK");
  });

  it("reports an unreachable daemon as a SwarmError with a hint", async () => {
    await expect(createDockerClient({ host: "unix:///nonexistent/docker.sock" })).rejects.toMatchObject({
      name: "SwarmError",
      code: "DOCKER_UNREACHABLE",
      hint: expect.stringContaining("setup-machine.sh"),
    });
  });

  it("rejects a host scheme it does not speak", async () => {
    await expect(createDockerClient({ host: "ssh://user@example.test" })).rejects.toMatchObject({ code: "DOCKER_HOST_INVALID" });
  });
});
