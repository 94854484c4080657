import { readFileSync } from "node:fs";
import path from "node:path";
import Docker from "dockerode";
import { SwarmError } from "../errors.js";

/** The client type for code outside swarm/ that only passes a client on (dockerode stays inside swarm/). */
export type DockerClient = Docker;

export interface DockerClientOptions {
  /** `unix:///path/to/docker.sock` or `tcp://host:port`; defaults to `DOCKER_HOST`, then the local socket. */
  readonly host?: string;
}

const DEFAULT_SOCKET = "/var/run/docker.sock";

/**
 * A dockerode client pinned to the API version the daemon reports. dockerode
 * does not negotiate: unpinned it sends unversioned paths, which the daemon
 * serves at its newest version, so requests would change meaning with the
 * engine. The Docker CLI negotiates the same way (`/version`, then pin).
 */
export async function createDockerClient(options: DockerClientOptions = {}): Promise<Docker> {
  const host = options.host ?? process.env.DOCKER_HOST ?? `unix://${DEFAULT_SOCKET}`;
  const connection = parseDockerHost(host);
  const apiVersion = await readApiVersion(new Docker(connection), host);
  return new Docker({ ...connection, version: `v${apiVersion}` });
}

/**
 * Connection options for a DOCKER_HOST value. Every connection field is set,
 * even to undefined, because docker-modem merges its own reading of the
 * environment's DOCKER_HOST under these options.
 */
export function parseDockerHost(host: string): Docker.DockerOptions {
  if (host.startsWith("unix://")) {
    const socketPath = host.slice("unix://".length) || DEFAULT_SOCKET;
    return { socketPath, host: undefined, port: undefined, protocol: undefined };
  }
  if (host.startsWith("tcp://")) {
    const url = new URL(host.replace(/^tcp:/, "http:"));
    // Same rule as the Docker CLI: TLS when DOCKER_TLS_VERIFY is set, and 2376 is the TLS port by convention.
    const useTls = Boolean(process.env.DOCKER_TLS_VERIFY) || url.port === "2376";
    return {
      socketPath: undefined,
      host: url.hostname,
      port: url.port || (useTls ? 2376 : 2375),
      protocol: useTls ? "https" : "http",
      ...(useTls ? readTlsFiles() : {}),
    };
  }
  throw new SwarmError("apply", "DOCKER_HOST_INVALID", `unsupported Docker host "${host}"`, {
    hint: "use unix:///path/to/docker.sock or tcp://host:port",
  });
}

function readTlsFiles(): Pick<Docker.DockerOptions, "ca" | "cert" | "key"> {
  const dir = process.env.DOCKER_CERT_PATH;
  if (!dir) return {};
  return {
    ca: readFileSync(path.join(dir, "ca.pem")),
    cert: readFileSync(path.join(dir, "cert.pem")),
    key: readFileSync(path.join(dir, "key.pem")),
  };
}

async function readApiVersion(docker: Docker, host: string): Promise<string> {
  try {
    const { ApiVersion } = await docker.version();
    return ApiVersion;
  } catch (cause) {
    throw new SwarmError("apply", "DOCKER_UNREACHABLE", `cannot reach the Docker daemon at ${host}`, {
      hint: "start dockerd (on a test machine: scripts/setup-machine.sh) or set DOCKER_HOST",
      cause,
    });
  }
}
