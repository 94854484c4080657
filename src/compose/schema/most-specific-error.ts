import type { PathSegment } from "../yaml/yaml-value.js";
import type { SchemaError } from "./validate-schema.js";

/** The one schema error docker/cli reports, in its words. */
export interface ReportedSchemaError {
  readonly message: string;
  readonly path: readonly PathSegment[];
  /** The error names an unknown key: point at the key. */
  readonly atKey: boolean;
}

function specificity(error: SchemaError): number {
  return error.field.split(".").length;
}

/** docker/cli `humanReadableType`: `[string,number,null]` → `string, number or null`, object → mapping. */
function humanReadableType(definition: string): string {
  if (definition.startsWith("[")) {
    const all = definition.slice(1, -1).split(",").map(humanReadableType);
    return `${all.slice(0, -1).join(", ")} or ${all[all.length - 1] ?? ""}`;
  }
  if (definition === "object") return "mapping";
  if (definition === "array") return "list";
  return definition;
}

function describe(error: SchemaError): string {
  return error.type === "invalid_type" ? `must be a ${humanReadableType(error.expected ?? "")}` : error.description;
}

/**
 * `schema.getMostSpecificError`: the deepest field wins, an invalid-type
 * error wins a tie, and a oneOf error borrows the description of the error
 * that follows it (the best branch's first error).
 */
export function mostSpecificSchemaError(errors: readonly SchemaError[]): ReportedSchemaError | undefined {
  let index = 0;
  for (const [i, error] of errors.entries()) {
    const current = errors[index];
    if (!current) break;
    if (specificity(error) > specificity(current)) {
      index = i;
      continue;
    }
    if (specificity(error) === specificity(current) && error.type === "invalid_type" && current.type !== "invalid_type") index = i;
  }
  const parent = errors[index];
  if (!parent) return undefined;
  const child = errors[index + 1];
  if (child && parent.type === "number_one_of") {
    return { message: `${parent.field} ${child.description}`, path: child.path, atKey: child.type === "additional_property_not_allowed" };
  }
  return { message: `${parent.field} ${describe(parent)}`, path: parent.path, atKey: parent.type === "additional_property_not_allowed" };
}
