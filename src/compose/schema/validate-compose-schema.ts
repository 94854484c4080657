import type { ComposeFinding } from "../compose-diagnostic.js";
import { schemaMinorOf } from "../compose-version.js";
import type { ComposeCompat } from "../types.js";
import { formatGoFloat } from "../../go/strconv.js";
import { isYamlList, isYamlMap, type PathSegment, type YamlMap, type YamlValue } from "../yaml/yaml-value.js";
import { composeSchema } from "./compose-schema.js";
import { mostSpecificSchemaError } from "./most-specific-error.js";
import { SchemaValidator } from "./validate-schema.js";

/** gojsonschema marshals the document to JSON first, which fails on NaN and ±Inf. */
function findUnsupportedFloat(value: YamlValue, path: PathSegment[]): ComposeFinding | undefined {
  if (typeof value === "number" && !Number.isFinite(value)) {
    return { severity: "error", code: "COMPOSE_SCHEMA", message: `json: unsupported value: ${formatGoFloat(value)}`, path };
  }
  if (isYamlMap(value)) {
    for (const [key, child] of value) {
      const found = findUnsupportedFloat(child, [...path, key]);
      if (found) return found;
    }
  }
  if (isYamlList(value)) {
    for (const [index, child] of value.entries()) {
      const found = findUnsupportedFloat(child, [...path, index]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * `schema.Validate` against the schema of `version` (the first file's): an
 * unsupported version, or the single most specific violation, in the CLI's words.
 */
export function validateComposeSchema(root: YamlMap, version: string, compat: ComposeCompat): ComposeFinding | undefined {
  const minor = schemaMinorOf(version, compat);
  if (minor === undefined) {
    const path = root.has("version") ? ["version"] : [];
    return { severity: "error", code: "COMPOSE_VERSION", message: `unsupported Compose file version: ${version}`, path };
  }
  const unsupported = findUnsupportedFloat(root, []);
  if (unsupported) return unsupported;
  const errors = new SchemaValidator(compat).validate(composeSchema(minor), root);
  const reported = mostSpecificSchemaError(errors);
  if (!reported) return undefined;
  return { severity: "error", code: "COMPOSE_SCHEMA", message: reported.message, path: reported.path, atKey: reported.atKey };
}
