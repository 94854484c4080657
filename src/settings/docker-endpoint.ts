import { isIPv6 } from "node:net";
import { checkSafePath } from "../infra/targets/safe-path.js";
import { checkSshHost } from "../infra/targets/ssh-options.js";

/** Long enough for any socket path or host:port, short enough to print. */
export const DOCKER_ENDPOINT_MAX_LENGTH = 300;

const PROBLEM = "must be unix:///path/to/docker.sock or tcp://host:port";

// The host is a name, an IPv4 address or a bracketed IPv6 address; nothing dockerode's URL parsing could read two ways.
const TCP = /^tcp:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?\/?$/;

/**
 * Why `endpoint` is not a DOCKER_HOST the dockerode adapter
 * (`src/swarm/docker-client.ts`) reads as written, or undefined when it is.
 */
export function checkDockerEndpoint(endpoint: string): string | undefined {
  if (endpoint.length > DOCKER_ENDPOINT_MAX_LENGTH) return `must be at most ${DOCKER_ENDPOINT_MAX_LENGTH} characters long`;
  if (endpoint.startsWith("unix://")) return checkSafePath(endpoint.slice("unix://".length)) === undefined ? undefined : PROBLEM;
  const match = TCP.exec(endpoint);
  const host = match?.[1];
  if (match === null || host === undefined) return PROBLEM;
  const hostOk = host.startsWith("[") ? isIPv6(host.slice(1, -1)) : checkSshHost(host) === undefined;
  if (!hostOk) return `${PROBLEM} with a host name or address as host`;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return `${PROBLEM} with a port from 1 to 65535`;
  return undefined;
}
