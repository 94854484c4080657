import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ComposeCompat } from "../../../src/compose/types.js";

/**
 * The real docker CLIs as reference loaders. Both load the compose files
 * client-side before talking to a daemon, so an unreachable DOCKER_HOST turns
 * `stack deploy` into "load and report"; 23.0+ also has `stack config`.
 */

export interface ReferenceCli {
  readonly compat: ComposeCompat;
  readonly binary: string;
  /** Whether `docker stack config` exists (23.0+). */
  readonly hasStackConfig: boolean;
}

export const REFERENCE_CLIS: readonly ReferenceCli[] = [
  { compat: "28.2", binary: "/usr/local/bin/docker", hasStackConfig: true },
  { compat: "20.10", binary: "/usr/bin/docker", hasStackConfig: false },
];

/** Why a reference CLI cannot be used, or undefined when it can. */
export function unavailableReason(cli: ReferenceCli): string | undefined {
  if (!existsSync(cli.binary)) return `${cli.binary} not found`;
  const version = spawnSync(cli.binary, ["--version"], { encoding: "utf8" });
  if (version.status !== 0 || !version.stdout.includes(`version ${cli.compat}`)) return `${cli.binary} is not docker ${cli.compat}`;
  return undefined;
}

export interface CaseSpec {
  readonly files: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

interface CliRun {
  readonly status: number;
  readonly stdout: string;
  /** stderr without logrus lines. */
  readonly text: string;
  /** logrus warnings (`msg="…"`). */
  readonly warnings: string[];
}

function runCli(cli: ReferenceCli, dir: string, spec: CaseSpec, command: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): CliRun {
  const fileArgs = spec.files.flatMap((file) => ["-c", file]);
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/home/phoenix-test", DOCKER_CONFIG: join(dir, ".docker"), ...spec.env, ...extraEnv };
  const run = spawnSync(cli.binary, [...command.slice(0, 2), ...fileArgs, ...command.slice(2)], { cwd: dir, env, encoding: "utf8" });
  const lines = run.stderr.split("\n");
  const warnings = lines
    .filter((line) => line.startsWith("time="))
    .map((line) => JSON.parse(`"${/msg="((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? ""}"`) as string);
  const text = lines.filter((line) => !line.startsWith("time=")).join("\n");
  return { status: run.status ?? 1, stdout: run.stdout, text, warnings };
}

export interface DeployLoad {
  /** The load error, or undefined when loading succeeded. */
  readonly error: string | undefined;
  /** `Ignoring unsupported options: …` entries. */
  readonly unsupported: string[];
  /** `key: explanation` entries of `Ignoring deprecated options:`. */
  readonly deprecated: string[];
  readonly warnings: string[];
}

/** `docker stack deploy` with an unreachable daemon: everything up to the first API call. */
export function runDeployLoad(cli: ReferenceCli, dir: string, spec: CaseSpec): DeployLoad {
  const run = runCli(cli, dir, spec, ["stack", "deploy", "phoenixdiff"], { DOCKER_HOST: "unix:///nonexistent/phoenix-diff.sock" });
  let text = run.text;
  const unsupported = /^Ignoring unsupported options: (.*)\n\n/m.exec(text);
  if (unsupported) text = text.replace(unsupported[0], "");
  const deprecated = /^Ignoring deprecated options:\n\n((?:[a-z_]+: .*\n\n)+)/m.exec(text);
  if (deprecated) text = text.replace(deprecated[0], "");
  text = text.replace(/^(Since --detach=false|In a future release).*\n/gm, "").trimEnd();
  return {
    error: text.includes("Cannot connect to the Docker daemon") ? undefined : text,
    unsupported: unsupported?.[1]?.split(", ") ?? [],
    deprecated: deprecated?.[1]?.trim().split("\n\n") ?? [],
    warnings: run.warnings,
  };
}

/** `docker stack config` (23.0+): the merged, interpolated config as YAML, or the load error. */
export function runStackConfig(cli: ReferenceCli, dir: string, spec: CaseSpec): { ok: boolean; stdout: string; text: string; warnings: string[] } {
  const run = runCli(cli, dir, spec, ["stack", "config"]);
  return { ok: run.status === 0, stdout: run.stdout, text: run.text, warnings: run.warnings };
}
