/**
 * Where the secret values of a run are: the variables of the config repo
 * whose names are secret, environment entries of the specs whose names are
 * secret (also those written literally in a compose file, and the live
 * ones, which are the previous values of a rotated password), and the
 * content of Swarm secrets. What is collected here is masked by value
 * (`SecretMasker`) in everything the run prints.
 */
import type { StackVariable } from "../config/desired-state.js";
import { MIN_SECRET_LENGTH, splitSecretContent } from "../secrets/secret-masker.js";
import type { SecretNameMatcher } from "../settings/secret-patterns.js";
import type { ServiceSpec } from "../engine/engine-service-spec.js";
import type { SecretSpec } from "../engine/stack-spec.js";

export interface SecretSources {
  /** True for secret variable and environment names (the built-in rule and the repo's patterns). */
  readonly isSecretName: SecretNameMatcher;
  /** Declared stack variables, secret or not (`StackVariable.secret` or a secret name makes them secret). */
  readonly variables?: readonly StackVariable[];
  /** Desired and live service specs: their `Env` entries with secret names. */
  readonly services?: readonly (ServiceSpec | undefined)[];
  /** Swarm secrets to create: their content. */
  readonly secrets?: readonly SecretSpec[];
  /** Further environments, e.g. the process environment `phoenix stack deploy` interpolates with. */
  readonly environments?: readonly Readonly<Record<string, string | undefined>>[];
}

export function collectSecretValues(sources: SecretSources): string[] {
  const { isSecretName } = sources;
  const values: string[] = [];
  for (const variable of sources.variables ?? []) {
    if (variable.secret || isSecretName(variable.name)) values.push(variable.value);
  }
  for (const service of sources.services ?? []) {
    for (const entry of service?.TaskTemplate.ContainerSpec?.Env ?? []) {
      const eq = entry.indexOf("=");
      if (eq > 0 && isSecretName(entry.slice(0, eq))) values.push(entry.slice(eq + 1));
    }
  }
  for (const environment of sources.environments ?? []) {
    for (const [name, value] of Object.entries(environment)) {
      if (value !== undefined && isSecretName(name)) values.push(value);
    }
  }
  for (const secret of sources.secrets ?? []) {
    if (secret.Data !== undefined) values.push(...splitSecretContent(Buffer.from(secret.Data, "base64").toString("utf8")));
  }
  return values.flatMap((value) => [value, value.trim()]).filter((value) => value.length >= MIN_SECRET_LENGTH);
}
