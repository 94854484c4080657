import type { ComposeCompat } from "../types.js";
import { parseGoDuration } from "../../go/duration.js";
import { parsePortSpec } from "../loader/parse-port-spec.js";
import { GoTime, isYamlList, isYamlMap, type PathSegment, type YamlValue } from "../yaml/yaml-value.js";
import type { JsonType, SchemaFormat, SchemaNode } from "./schema-node.js";

/**
 * gojsonschema's validation walk, reproduced closely enough that the list of
 * errors (and so the CLI's "most specific" pick) and the oneOf branch scoring
 * come out the same.
 */

export type SchemaErrorType =
  | "invalid_type"
  | "number_one_of"
  | "additional_property_not_allowed"
  | "required"
  | "unique"
  | "enum"
  | "format"
  | "number_gte";

export interface SchemaError {
  readonly type: SchemaErrorType;
  /** gojsonschema `Field()`: `(root)` or the dotted path. */
  readonly field: string;
  /** Where to point: the value, or the key of an unknown property. */
  readonly path: readonly PathSegment[];
  /** gojsonschema's own description. */
  readonly description: string;
  /** For invalid_type: the expected types as gojsonschema prints them (`integer`, `[string,number]`). */
  readonly expected?: string;
}

class Result {
  readonly errors: SchemaError[] = [];
  score = 0;

  add(error: SchemaError): void {
    this.errors.push(error);
    this.score -= 2;
  }

  merge(other: Result): void {
    this.errors.push(...other.errors);
    this.score += other.score;
  }
}

function fieldOf(path: readonly PathSegment[]): string {
  return path.length === 0 ? "(root)" : path.map(String).join(".");
}

function typesText(types: readonly JsonType[]): string {
  return types.length === 1 ? (types[0] ?? "") : `[${types.join(",")}]`;
}

function jsonKind(value: YamlValue): JsonType {
  if (value === null) return "null";
  if (typeof value === "bigint" || typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (isYamlMap(value)) return "object";
  if (isYamlList(value)) return "array";
  return "string";
}

/** The numerator of the reduced rational of a JSON number, as `*big.Rat` prints it before the "/". */
function ratNumerator(value: bigint | number): string {
  if (typeof value === "bigint") return value.toString();
  const [mantissa = "0", exponent = "0"] = value.toExponential().split("e");
  const negative = mantissa.startsWith("-");
  const digits = BigInt(mantissa.replace("-", "").replace(".", ""));
  const scale = Number(exponent) - (mantissa.replace("-", "").replace(".", "").length - 1);
  let numerator = scale >= 0 ? digits * 10n ** BigInt(scale) : digits;
  if (scale < 0) {
    const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
    numerator /= gcd(numerator, 10n ** BigInt(-scale));
  }
  return `${negative ? "-" : ""}${numerator}`;
}

function canonicalJson(value: YamlValue): string {
  if (value === null) return "null";
  if (typeof value === "bigint") return String(Number(value));
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof GoTime) return JSON.stringify(value.text);
  if (isYamlMap(value)) {
    const keys = [...value.keys()].sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value.get(k) ?? null)}`).join(",")}}`;
  }
  return `[${value.map(canonicalJson).join(",")}]`;
}

export class SchemaValidator {
  constructor(private readonly compat: ComposeCompat) {}

  validate(schema: SchemaNode, document: YamlValue): SchemaError[] {
    const result = new Result();
    this.validateRecursive(schema, document, result, []);
    return result.errors;
  }

  private sub(schema: SchemaNode, value: YamlValue, path: readonly PathSegment[]): Result {
    const result = new Result();
    this.validateRecursive(schema, value, result, path);
    return result;
  }

  private validateRecursive(schema: SchemaNode, value: YamlValue, result: Result, path: readonly PathSegment[]): void {
    const kind = jsonKind(value);
    const types = schema.types;
    if (types && types.length > 0) {
      const isInt = typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value));
      const valid = kind === "number" ? types.includes("number") || (isInt && types.includes("integer")) : types.includes(kind);
      if (!valid) {
        const given = kind === "number" ? (isInt ? "integer" : "number") : kind;
        const expected = typesText(types);
        result.add({ type: "invalid_type", field: fieldOf(path), path, expected, description: `Invalid type. Expected: ${expected}, given: ${given}` });
        return;
      }
    }
    this.validateSchema(schema, value, result, path);
    if (kind === "number") this.validateNumber(schema, value as bigint | number, result, path);
    if (kind === "array") this.validateArray(schema, value as readonly YamlValue[], result, path);
    if (kind === "object") this.validateObject(schema, value as Map<string, YamlValue>, result, path);
    this.validateCommon(schema, value, result, path);
    if (kind === "string") this.validateString(schema, value instanceof GoTime ? value.text : String(value), result, path);
    if (kind === "object" && schema.properties) {
      const map = value as Map<string, YamlValue>;
      for (const [property, child] of schema.properties) {
        if (map.has(property)) this.validateRecursive(child, map.get(property) ?? null, result, [...path, property]);
      }
    }
    result.score++;
  }

  private validateSchema(schema: SchemaNode, value: YamlValue, result: Result, path: readonly PathSegment[]): void {
    if (schema.oneOf && schema.oneOf.length > 0) {
      let validated = 0;
      let best: Result | undefined;
      for (const branch of schema.oneOf) {
        const branchResult = this.sub(branch, value, path);
        if (branchResult.errors.length === 0) validated++;
        else if (validated === 0 && (!best || branchResult.score > best.score)) best = branchResult;
      }
      if (validated !== 1) {
        result.add({ type: "number_one_of", field: fieldOf(path), path, description: "Must validate one and only one schema (oneOf)" });
        if (validated === 0 && best) result.merge(best);
      }
    }
    result.score++;
  }

  private validateCommon(schema: SchemaNode, value: YamlValue, result: Result, path: readonly PathSegment[]): void {
    if (schema.enum && !(typeof value === "string" && schema.enum.includes(value))) {
      const field = fieldOf(path);
      const allowed = schema.enum.map((entry) => JSON.stringify(entry)).join(", ");
      result.add({ type: "enum", field, path, description: `${field} must be one of the following: ${allowed}` });
    }
    result.score++;
  }

  private validateArray(schema: SchemaNode, value: readonly YamlValue[], result: Result, path: readonly PathSegment[]): void {
    if (schema.items) {
      for (const [index, item] of value.entries()) result.merge(this.sub(schema.items, item, [...path, index]));
    }
    if (schema.uniqueItems) {
      const seen = new Map<string, number>();
      for (const [index, item] of value.entries()) {
        const text = canonicalJson(item);
        const previous = seen.get(text);
        if (previous !== undefined) {
          result.add({ type: "unique", field: fieldOf(path), path, description: `array items[${previous},${index}] must be unique` });
        }
        seen.set(text, index);
      }
    }
    result.score++;
  }

  private validateObject(schema: SchemaNode, value: ReadonlyMap<string, YamlValue>, result: Result, path: readonly PathSegment[]): void {
    for (const property of schema.required ?? []) {
      if (value.has(property)) result.score++;
      else result.add({ type: "required", field: fieldOf(path), path, description: `${property} is required` });
    }
    for (const [key, child] of value) {
      const found = schema.properties?.has(key) ?? false;
      let matched = false;
      for (const [pattern, node] of schema.patternProperties ?? []) {
        if (!pattern.test(key)) continue;
        matched = true;
        result.merge(this.sub(node, child, [...path, key]));
      }
      if (matched) result.score++;
      if (!found && !matched && schema.additionalProperties === false) {
        result.add({
          type: "additional_property_not_allowed",
          field: fieldOf(path),
          path: [...path, key],
          description: `Additional property ${key} is not allowed`,
        });
      }
    }
    result.score++;
  }

  private checkFormat(format: SchemaFormat, value: string | bigint | number): boolean {
    if (format === "expose") return true;
    if (format === "duration") return typeof value === "string" && parseGoDuration(value).ok;
    // 20.10 registers a no-op "ports" checker; 23.0+ runs nat.ParsePortSpec.
    if (this.compat === "20.10") return true;
    const spec = typeof value === "string" ? value : ratNumerator(value);
    return parsePortSpec(spec, this.compat).ok;
  }

  private validateNumber(schema: SchemaNode, value: bigint | number, result: Result, path: readonly PathSegment[]): void {
    if (schema.minimum !== undefined && Number(value) < schema.minimum) {
      result.add({ type: "number_gte", field: fieldOf(path), path, description: `Must be greater than or equal to ${schema.minimum}` });
    }
    if (schema.format && !this.checkFormat(schema.format, value)) {
      result.add({ type: "format", field: fieldOf(path), path, description: `Does not match format '${schema.format}'` });
    }
    result.score++;
  }

  private validateString(schema: SchemaNode, value: string, result: Result, path: readonly PathSegment[]): void {
    if (schema.format && !this.checkFormat(schema.format, value)) {
      result.add({ type: "format", field: fieldOf(path), path, description: `Does not match format '${schema.format}'` });
    }
    result.score++;
  }
}
