import type { z } from "zod";
import type { Diagnostic } from "../errors.js";
import { diagnosticAt, type JsonDocument, type JsonPath } from "./json-document.js";
import { quoteForMessage } from "../diagnostics.js";
import { describeValue, describeZodIssue } from "./describe-zod-issue.js";
import { findUnknownKeyEntries, type UnknownKey } from "./find-unknown-keys.js";
import { suggestKnownKey } from "./suggest-known-key.js";
import { isSecretName } from "./secret-names.js";

export interface SchemaValidation<T> {
  /** The validated value, or undefined when the document has errors. */
  readonly value: T | undefined;
  /** Positioned errors, plus one warning per unknown key. */
  readonly diagnostics: Diagnostic[];
}

/** Validates a whole JSON document against a schema, positioning every issue in the file. */
export function validateWithSchema<T>(doc: JsonDocument, schema: z.ZodType<T>): SchemaValidation<T> {
  const result = schema.safeParse(doc.value, { error: describeZodIssue });
  const diagnostics = result.success ? [] : result.error.issues.flatMap((issue) => issueToDiagnostics(doc, issue, []));
  for (const entry of findUnknownKeyEntries(schema, doc.value)) diagnostics.push(describeUnknownKey(doc, entry));
  return { value: result.success ? result.data : undefined, diagnostics };
}

/**
 * Keys that say what is deployed where: misspelt, the stacks they list are
 * deployed nowhere, and a sync with `prune: true` would remove them as orphans.
 */
const DEPLOYMENT_KEYS: ReadonlySet<string> = new Set(["docker_stacks", "environments"]);

/** A warning with "did you mean"; an error when the key meant is a deployment key the object lacks. */
function describeUnknownKey(doc: JsonDocument, { path, known }: UnknownKey): Diagnostic {
  const key = String(path[path.length - 1]);
  const suggestion = suggestKnownKey(key, known);
  const hint = suggestion ? { hint: `did you mean ${quoteForMessage(suggestion.key)}?` } : {};
  const parent = valueAt(doc.value, path.slice(0, -1)).value;
  const meantMissing = suggestion !== undefined && DEPLOYMENT_KEYS.has(suggestion.key) && !Object.hasOwn(parent as object, suggestion.key);
  if (meantMissing)
    return diagnosticAt(doc, path, {
      code: "CONFIG_MISSPELT_DEPLOYMENT_KEY",
      message: `unknown key ${quoteForMessage(key)}: what it lists would be deployed nowhere (and a sync with prune on would remove it as orphaned)`,
      atKey: true,
      ...hint,
    });
  return diagnosticAt(doc, path, {
    severity: "warning",
    code: "CONFIG_UNKNOWN_KEY",
    message: `unknown key ${quoteForMessage(key)} (kept, not used by Phoenix)`,
    atKey: true,
    ...hint,
  });
}

function issueToDiagnostics(doc: JsonDocument, issue: z.core.$ZodIssue, prefix: JsonPath): Diagnostic[] {
  const path: JsonPath = [...prefix, ...(issue.path as (string | number)[])];
  if (issue.code === "invalid_union") {
    // Report the issues of the form the value was meant to have (an object
    // for `{name, environment}`), not "matches nothing".
    const meant = issue.errors.filter((list) => !list.every((i) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value")));
    if (meant.length === 1 && meant[0]) return meant[0].flatMap((i) => issueToDiagnostics(doc, i, path));
  }
  if (issue.code === "invalid_key") {
    const key = path[path.length - 1];
    const reason = issue.issues[0]?.message ?? issue.message;
    return [diagnosticAt(doc, path, { code: "CONFIG_INVALID_KEY", message: `key ${quoteForMessage(String(key))} ${reason}`, atKey: true })];
  }
  const { found, value } = valueAt(doc.value, path);
  if (!found) {
    const parent = path.slice(0, -1);
    const key = path[path.length - 1];
    return [diagnosticAt(doc, parent, { code: "CONFIG_MISSING_KEY", message: `missing required key ${quoteForMessage(String(key))}` })];
  }
  const got = isSecretPath(path) ? "a value that is not shown (secret)" : describeValue(value, issue.code === "invalid_type");
  return [diagnosticAt(doc, path, { code: "CONFIG_INVALID_VALUE", message: `${issue.message}, got ${got}` })];
}

function valueAt(root: unknown, path: JsonPath): { found: boolean; value: unknown } {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof segment === "number" ? !Array.isArray(current) : typeof current !== "object" || current === null || Array.isArray(current))
      return { found: false, value: undefined };
    const container = current as Record<string | number, unknown>;
    if (!Object.hasOwn(container, segment)) return { found: false, value: undefined };
    current = container[segment];
  }
  return { found: true, value: current };
}

/** Stack variable values and keys named like credentials never appear in a message. */
function isSecretPath(path: JsonPath): boolean {
  const last = path[path.length - 1];
  if (last === "value" && path.includes("variables")) return true;
  return path.some((segment) => typeof segment === "string" && isSecretName(segment));
}
