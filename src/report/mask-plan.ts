import type { FieldChange, Plan } from "../plan/plan.js";
import { getProcessSecrets } from "../secrets/process-secrets.js";
import { SENSITIVE_TEXT, type SecretMasker } from "../secrets/secret-masker.js";
import { createSecretNameMatcher, type SecretNameMatcher } from "../settings/secret-patterns.js";

/** How renderers mask: every renderer takes these options and masks before it formats anything. */
export interface MaskOptions {
  /** Extra variable-name patterns (`secrets.variablePatterns` of the repo settings); the built-in rule always applies. */
  readonly secretPatterns?: readonly string[];
  /** The run's secret values (`PlanRun.masker`); default: every value the process knows. */
  readonly masker?: SecretMasker;
}

export { SENSITIVE_TEXT };

/**
 * The plan without secret values, in two passes. By field: a field flagged
 * `sensitive` by the planner, and (defence in depth) any environment variable
 * whose name matches the masking patterns even if the planner did not flag
 * it, loses its values and is flagged; this is what hides values too short
 * to mask by value. By value: every string of the plan (field values, paths,
 * infra diffs, warnings, reasons) has each secret value replaced, wherever
 * it was interpolated. Renderers format only the masked plan, so a value the
 * planner let through still cannot reach a comment, a terminal or `--json`.
 */
export function maskPlan(plan: Plan, options: MaskOptions = {}): Plan {
  const isSecret = createSecretNameMatcher(options.secretPatterns);
  const byField: Plan = {
    ...plan,
    stacks: plan.stacks.map((stack) => ({
      ...stack,
      objects: stack.objects.map((object) => ({ ...object, fields: object.fields.map((field) => maskFieldChange(field, isSecret)) })),
    })),
  };
  return (options.masker ?? getProcessSecrets()).maskDeep(byField);
}

function maskFieldChange(field: FieldChange, isSecret: SecretNameMatcher): FieldChange {
  const variable = readVariableName(field.path);
  if (!field.sensitive && (variable === undefined || !isSecret(variable))) return field;
  return { path: field.path, op: field.op, sensitive: true };
}

/** `FOO` of `env.FOO` or `env["FOO.BAR"]` (the planner's `entryPath`); undefined for any other field. */
export function readVariableName(path: string): string | undefined {
  const match = /^(?:env|environment)(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\[("(?:[^"\\]|\\.)*")\])$/.exec(path);
  if (match === null) return undefined;
  if (match[1] !== undefined) return match[1];
  return JSON.parse(match[2] ?? '""') as string;
}
