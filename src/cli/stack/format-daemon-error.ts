import { readDockerMessage, readDockerStatus } from "../../swarm/docker-api-error.js";

/** An Engine API error as the docker CLI prints it: `Error response from daemon: invalid filter 'foo'`. */
export function formatDaemonError(error: unknown): string {
  const message = readDockerMessage(error);
  return readDockerStatus(error) === undefined ? message : `Error response from daemon: ${message}`;
}
