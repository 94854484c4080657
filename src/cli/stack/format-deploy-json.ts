/**
 * `phoenix stack deploy --json`: the deploy result without environment
 * values unless `--show-env` asks for them, and without secret values even
 * then. A service update lists its `env.NAME` changes; their values are the
 * service's configuration, passwords included, and a CI log is no place for
 * them.
 */
import type { SecretMasker } from "../../secrets/secret-masker.js";
import type { SecretNameMatcher } from "../../settings/secret-patterns.js";
import type { SpecChange } from "../../plan/spec-diff/spec-change.js";

export interface DeployJsonOptions {
  /** `--show-env`: print the values of environment changes whose names are not secret. */
  readonly showEnv: boolean;
  readonly masker: SecretMasker;
  readonly isSecretName: SecretNameMatcher;
}

/** Any result `phoenix stack deploy --json` prints: a DeployResult, possibly with `errors`. */
interface DeployJsonValue {
  readonly objects?: readonly { readonly changes: readonly SpecChange[] }[];
}

export function formatDeployJson(value: DeployJsonValue & object, options: DeployJsonOptions): string {
  // The values a secret env entry had before the update are secrets too: an old password may still be in a URL or a label.
  const changes = value.objects?.flatMap((o) => o.changes) ?? [];
  options.masker.add(changes.filter((c) => c.field === "env" && options.isSecretName(c.key ?? "")).flatMap((c) => [c.before ?? "", c.after ?? ""]));
  const withoutEnv = value.objects === undefined ? value : { ...value, objects: value.objects.map((o) => ({ ...o, changes: o.changes.map((c) => hideEnvValues(c, options)) })) };
  return `${JSON.stringify(options.masker.maskDeep(withoutEnv), null, 2)}\n`;
}

/**
 * An `env` change keeps its path and operation; its values stay only with
 * `--show-env` and a name that is not secret. Any other change flagged
 * sensitive loses its values too.
 */
function hideEnvValues(change: SpecChange, options: DeployJsonOptions): SpecChange {
  const isEnv = change.field === "env";
  const shown = isEnv ? options.showEnv && !options.isSecretName(change.key ?? "") : change.sensitive !== true;
  if (shown) return isEnv ? withoutSensitiveFlag(change) : change;
  const { before: _before, after: _after, ...rest } = change;
  return { ...rest, sensitive: true };
}

/** The deploy engine flags every env change sensitive; one shown on request is not. */
function withoutSensitiveFlag(change: SpecChange): SpecChange {
  const { sensitive: _sensitive, ...rest } = change;
  return rest;
}
