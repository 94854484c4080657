/**
 * The secret values this process knows, for what is written before (or
 * outside) any run: log lines, and the CLI's own streams. It starts with the
 * tokens and keys of the process environment; every run adds the values of
 * its config repo (`runPlan`), and the GitHub App adds each installation
 * token it fetches.
 */
import { createSecretMasker, splitSecretContent, type SecretMasker } from "./secret-masker.js";

/**
 * Environment variables that hold credentials of Phoenix itself. A fixed
 * list rather than the name rule: the process environment is full of
 * `*_KEY`-like settings whose values (`true`, a path) are no secrets and
 * would be masked in every plan.
 */
export const PROCESS_SECRET_VARIABLES = ["PHOENIX_GIT_TOKEN", "WEBHOOK_SECRET", "PRIVATE_KEY", "GITHUB_TOKEN", "GH_TOKEN", "PHOENIX_WEBHOOK_SECRET"] as const;

/**
 * Values kept by the process-wide masker. A long-running app sees new
 * installation tokens every hour and the secrets of every repo it plans;
 * the oldest are dropped beyond this (a run re-adds its own values).
 */
export const MAX_PROCESS_SECRETS = 20_000;

let processSecrets: SecretMasker | undefined;

/** The process-wide masker (created on first use from the environment of the process). */
export function getProcessSecrets(): SecretMasker {
  return (processSecrets ??= createSecretMasker(readProcessSecretValues(process.env), { limit: MAX_PROCESS_SECRETS }));
}

/** Adds values to the process-wide masker: log lines and CLI output written from now on hide them. */
export function registerProcessSecrets(values: Iterable<string>): void {
  getProcessSecrets().add(values);
}

/**
 * The credential values of `env`. A PEM key is also split into its lines
 * (Probot accepts `\n`-escaped ones too): an error may quote one line.
 */
export function readProcessSecretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  const values: string[] = [];
  for (const name of PROCESS_SECRET_VARIABLES) {
    const value = env[name];
    if (value === undefined || value.trim() === "") continue;
    values.push(value, value.trim());
    if (name === "PRIVATE_KEY") values.push(...splitSecretContent(value));
  }
  return values;
}
