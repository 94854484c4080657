import type { ComposeCompat } from "../types.js";
import { goAtoi, parseGoFloat, quoteGoString } from "../../go/strconv.js";
import type { YamlScalar } from "../yaml/yaml-value.js";

/** A cast outcome: the typed value or the Go error text. */
type CastResult = { readonly ok: true; readonly value: YamlScalar } | { readonly ok: false; readonly error: string };

/**
 * Casts `value`. With `template`, the value came from variables and the
 * error names the template instead of quoting the value (docker quotes it:
 * `parsing "<value>"`), so that no variable's value, a secret one least of
 * all, is echoed in an error.
 */
type Cast = (value: string, template?: string) => CastResult;

/** What an error says instead of a value that came from `template`. */
export function describeHiddenValue(template: string): string {
  return `the value of ${quoteGoString(template)} (not shown)`;
}

const toInt: Cast = (value, template) => {
  const parsed = goAtoi(value);
  return parsed.ok ? parsed : { ok: false, error: hideQuotedValue(parsed.error, value, template) };
};

const toFloat: Cast = (value, template) => {
  const parsed = parseGoFloat(value);
  return parsed.ok ? parsed : { ok: false, error: hideQuotedValue(parsed.error, value, template) };
};

/** YAML 1.1 booleans, case-insensitively (`interpolate.go` toBoolean). */
const toBoolean: Cast = (value, template) => {
  const lower = value.toLowerCase();
  if (["y", "yes", "true", "on"].includes(lower)) return { ok: true, value: true };
  if (["n", "no", "false", "off"].includes(lower)) return { ok: true, value: false };
  return { ok: false, error: `invalid boolean: ${template === undefined ? value : describeHiddenValue(template)}` };
};

/** strconv's `parsing "<value>": invalid syntax` with the quoted value replaced. */
function hideQuotedValue(error: string, value: string, template: string | undefined): string {
  return template === undefined ? error : error.replace(quoteGoString(value), () => describeHiddenValue(template));
}

interface CastRule {
  /** Path pattern: `*` matches any key, `[]` any list item. */
  readonly pattern: readonly string[];
  readonly cast: Cast;
  readonly since28?: boolean;
}

const service = (...parts: string[]): string[] => ["services", "*", ...parts];

/** `interpolateTypeCastMapping` in cli/compose/loader/interpolate.go. */
const RULES: readonly CastRule[] = [
  { pattern: service("configs", "[]", "mode"), cast: toInt },
  { pattern: service("secrets", "[]", "mode"), cast: toInt },
  { pattern: service("healthcheck", "retries"), cast: toInt },
  { pattern: service("healthcheck", "disable"), cast: toBoolean },
  { pattern: service("deploy", "replicas"), cast: toInt },
  { pattern: service("deploy", "update_config", "parallelism"), cast: toInt },
  { pattern: service("deploy", "update_config", "max_failure_ratio"), cast: toFloat },
  { pattern: service("deploy", "rollback_config", "parallelism"), cast: toInt },
  { pattern: service("deploy", "rollback_config", "max_failure_ratio"), cast: toFloat },
  { pattern: service("deploy", "restart_policy", "max_attempts"), cast: toInt },
  { pattern: service("deploy", "placement", "max_replicas_per_node"), cast: toInt },
  { pattern: service("ports", "[]", "target"), cast: toInt },
  { pattern: service("ports", "[]", "published"), cast: toInt },
  { pattern: service("ulimits", "*"), cast: toInt },
  { pattern: service("ulimits", "*", "hard"), cast: toInt },
  { pattern: service("ulimits", "*", "soft"), cast: toInt },
  { pattern: service("privileged"), cast: toBoolean },
  { pattern: service("oom_score_adj"), cast: toInt, since28: true },
  { pattern: service("read_only"), cast: toBoolean },
  { pattern: service("stdin_open"), cast: toBoolean },
  { pattern: service("tty"), cast: toBoolean },
  { pattern: service("volumes", "[]", "read_only"), cast: toBoolean },
  { pattern: service("volumes", "[]", "volume", "nocopy"), cast: toBoolean },
  { pattern: ["networks", "*", "external"], cast: toBoolean },
  { pattern: ["networks", "*", "internal"], cast: toBoolean },
  { pattern: ["networks", "*", "attachable"], cast: toBoolean },
  { pattern: ["volumes", "*", "external"], cast: toBoolean },
  { pattern: ["secrets", "*", "external"], cast: toBoolean },
  { pattern: ["configs", "*", "external"], cast: toBoolean },
];

function matches(pattern: readonly string[], parts: readonly string[]): boolean {
  return pattern.length === parts.length && pattern.every((part, i) => part === "*" || part === parts[i]);
}

/** The cast for an interpolation path (`services.a.ports.[].target` style parts), if any. */
export function castForPath(parts: readonly string[], compat: ComposeCompat): Cast | undefined {
  return RULES.find((rule) => (!rule.since28 || compat === "28.2") && matches(rule.pattern, parts))?.cast;
}

/** The message `interpolation.newPathError` gives a failed cast. */
export function castErrorMessage(path: string, error: string): string {
  return `error while interpolating ${path}: failed to cast to expected type: ${error}`;
}

/** The message for an invalid template or a missing required variable. */
export function templateErrorMessage(path: string, template: string): string {
  return `invalid interpolation format for ${path}: ${quoteGoString(template)}; you may need to escape any $ with another $`;
}
