import type { ComposeExtraValue, ComposeExtras } from "../compose-project.js";
import { formatGoValue } from "../../go/fmt.js";
import { formatGoFloat } from "../../go/strconv.js";
import { GoTime, goTypeName, isYamlList, isYamlMap, type PathSegment, type YamlMap, type YamlValue } from "../yaml/yaml-value.js";
import { reportDecodeError, reportHookError, type LoadContext } from "./load-context.js";
import { parseGoDuration } from "../../go/duration.js";

/**
 * mapstructure's decoding of schema-valid values into docker/cli's Go
 * structs (no weak typing): what converts silently, what fails and how.
 */

/** A Go `string` field. */
export function decodeString(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[], name: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  reportDecodeError(ctx, `'${name}' expected type 'string', got unconvertible type '${goTypeName(value)}', value: '${formatGoValue(value)}'`, path);
  return "";
}

export function decodeBool(value: YamlValue | undefined): boolean {
  return value === true;
}

/** A Go `uint*` field: floats truncate, negatives fail. */
export function decodeUint(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[], name: string): number | undefined {
  if (typeof value === "bigint") {
    if (value < 0n) {
      reportDecodeError(ctx, `cannot parse '${name}', ${value} overflows uint`, path);
      return undefined;
    }
    return Number(value);
  }
  if (typeof value === "number") {
    if (value < 0) {
      reportDecodeError(ctx, `cannot parse '${name}', ${value.toFixed(6)} overflows uint`, path);
      return undefined;
    }
    return Math.trunc(value);
  }
  return undefined;
}

/** A Go `int*` field: floats truncate. */
export function decodeInt(value: YamlValue | undefined): number {
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number") return Math.trunc(value);
  return 0;
}

/** `fmt.Sprint` of a scalar, or `""`/null for null depending on `allowNil`. */
function stringify(value: YamlValue, allowNil: boolean): string | null {
  if (value === null) return allowNil ? null : "";
  return formatGoValue(value);
}

/**
 * `transformMappingOrList`: a mapping (values stringified Go-style) or a list
 * of `k<sep>v` strings; a bare `k` is null (`allowNil`) or `""`.
 */
export function decodeMappingOrList(value: YamlValue | undefined, separator: string, allowNil: true): Record<string, string | null>;
export function decodeMappingOrList(value: YamlValue | undefined, separator: string, allowNil: false): Record<string, string>;
export function decodeMappingOrList(value: YamlValue | undefined, separator: string, allowNil: boolean): Record<string, string | null> {
  const entries = new Map<string, string | null>();
  if (isYamlMap(value)) {
    for (const [key, item] of value) entries.set(key, stringify(item, allowNil));
  } else if (isYamlList(value)) {
    for (const item of value) {
      const text = typeof item === "string" ? item : formatGoValue(item);
      const index = text.indexOf(separator);
      if (index >= 0) entries.set(text.slice(0, index), text.slice(index + separator.length));
      else entries.set(text, allowNil ? null : "");
    }
  }
  return Object.fromEntries(entries);
}

/** `transformMapStringString`: a mapping with values stringified and null as `""`. */
export function decodeStringMap(value: YamlValue | undefined): Record<string, string> {
  return isYamlMap(value) ? decodeMappingOrList(value, "=", false) : {};
}

/** `StringList`: a string becomes a one-element list. */
export function decodeStringList(value: YamlValue | undefined): string[] {
  if (typeof value === "string") return [value];
  if (isYamlList(value)) return value.map((item) => (typeof item === "string" ? item : formatGoValue(item)));
  return [];
}

/** Extension values as plain data. */
export function toExtraValue(value: YamlValue): ComposeExtraValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number") return Number.isFinite(value) ? value : formatGoFloat(value);
  if (value instanceof GoTime) return value.text;
  if (isYamlMap(value)) return Object.fromEntries([...value].map(([k, v]) => [k, toExtraValue(v)]));
  return value.map(toExtraValue);
}

/** `getExtras`: the `x-*` keys of a mapping. */
export function extrasOf(dict: YamlMap | undefined): ComposeExtras {
  if (!dict) return {};
  return Object.fromEntries([...dict].filter(([key]) => key.startsWith("x-")).map(([key, value]) => [key, toExtraValue(value)]));
}

export function mapOrEmpty(value: YamlValue | undefined): YamlMap {
  return isYamlMap(value) ? value : new Map();
}

/** A `Duration` field: Go `time.ParseDuration`, in nanoseconds. */
export function decodeDuration(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[], name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    reportHookError(ctx, name, `invalid type ${goTypeName(value)} for duration`, path);
    return undefined;
  }
  const parsed = parseGoDuration(value);
  if (!parsed.ok) {
    reportHookError(ctx, name, parsed.error, path);
    return undefined;
  }
  return parsed.value;
}
