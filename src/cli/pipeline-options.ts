import { createDockerClient } from "../swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../swarm/dockerode-swarm-port.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import { createLogger, type Logger } from "../logger.js";
import { formatDiagnostic, sortDiagnostics } from "../diagnostics.js";
import type { Diagnostic } from "../errors.js";

/** The Swarm manager of DOCKER_HOST (or the local socket). */
export async function openSwarmPort(): Promise<SwarmPort> {
  const host = process.env.DOCKER_HOST;
  return createDockerodeSwarmPort(await createDockerClient(host ? { host } : {}));
}

export function createCliLogger(): Logger {
  return createLogger({ level: process.env.PHOENIX_LOG_LEVEL ?? "warn" });
}

/** Errors and warnings on stderr, compiler style. */
export function printDiagnostics(diagnostics: readonly Diagnostic[]): void {
  for (const d of sortDiagnostics(diagnostics)) process.stderr.write(formatDiagnostic(d) + "\n");
}

export function useColor(): boolean {
  if (process.env.NO_COLOR !== undefined) return false;
  if (process.env.FORCE_COLOR !== undefined) return true;
  return process.stdout.isTTY === true;
}
