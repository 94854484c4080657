import type { Command } from "commander";
import { createDockerClient } from "../swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../swarm/dockerode-swarm-port.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import { createLogger, type Logger } from "../logger.js";
import type { SourceFlags } from "../pipeline/open-config-source.js";
import { formatDiagnostic, sortDiagnostics } from "../diagnostics.js";
import type { Diagnostic } from "../errors.js";

export interface PipelineFlags extends SourceFlags {
  readonly json?: boolean;
}

/** The source flags shared by plan, sync and drift: `--dir DIR | --repo URL|PATH --ref REF`, `--base REF`. */
export function addSourceOptions(command: Command): Command {
  return command
    .option("--dir <dir>", "a config repo working directory (default: the current directory)")
    .option("--repo <url|path>", "a config repo to read at --ref without a checkout (HTTPS token from PHOENIX_GIT_TOKEN)")
    .option("--ref <ref>", "branch, tag or commit of --repo", "HEAD")
    .option("--base <ref>", "compare generated infrastructure files with this commit (a pull request's base)")
    .option("--json", "print the result as JSON on stdout");
}

export function checkSourceFlags(flags: SourceFlags): void {
  if (flags.dir !== undefined && flags.repo !== undefined) throw new Error("--dir and --repo cannot be used together");
}

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
