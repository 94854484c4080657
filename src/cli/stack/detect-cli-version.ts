/**
 * The default of `--cli-version`: the `docker` client on PATH when there is
 * one, mapped to the nearest behaviour Phoenix imitates (before 23.0 → 20.10,
 * 23.0 and later → 28.2), else 20.10. `docker --version` prints the same
 * client version as `docker version --format '{{.Client.Version}}'` without
 * a round trip to the daemon, so a missing or slow daemon cannot delay a
 * `phoenix stack` command.
 */
import { execFile } from "node:child_process";
import type { ComposeCompat } from "../../compose/compose-compat.js";

/** Enough for a local binary to print one line; past it the default applies. */
const DETECT_TIMEOUT_MS = 3000;
export const FALLBACK_CLI_VERSION: ComposeCompat = "20.10";

/** `Docker version 28.2.2, build e6534b4` or `20.10.24+dfsg1` → the compat it maps to; undefined when no version is found. */
export function mapDockerVersion(output: string): ComposeCompat | undefined {
  const match = /(\d+)\.(\d+)(?:\.\d+)?/.exec(output);
  if (match === null) return undefined;
  return Number(match[1]) < 23 ? "20.10" : "28.2";
}

export type RunDockerVersion = () => Promise<string | undefined>;

/** Runs `docker --version` from PATH; undefined when there is no such program or it fails. */
export const runDockerVersion: RunDockerVersion = () =>
  new Promise((resolve) => {
    execFile("docker", ["--version"], { timeout: DETECT_TIMEOUT_MS, env: process.env }, (error, stdout) => resolve(error === null ? stdout : undefined));
  });

export async function detectCliVersion(run: RunDockerVersion = runDockerVersion): Promise<ComposeCompat> {
  const output = await run();
  return (output === undefined ? undefined : mapDockerVersion(output)) ?? FALLBACK_CLI_VERSION;
}
