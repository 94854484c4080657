/**
 * A compose document as Go's YAML decoder hands it to docker/cli: integers
 * are `bigint` (Go int/uint64), floats are `number` (Go float64), mappings
 * keep their key order in a `Map`.
 */

import { GoTime } from "../../go/time.js";

export { GoTime };

export type YamlScalar = string | boolean | null | bigint | number | GoTime;
export type YamlMap = Map<string, YamlValue>;
export type YamlValue = YamlScalar | readonly YamlValue[] | YamlMap;

/** One step of a path inside a document: a mapping key or a list index. */
export type PathSegment = string | number;

export function isYamlMap(value: YamlValue | undefined): value is YamlMap {
  return value instanceof Map;
}

export function isYamlList(value: YamlValue | undefined): value is readonly YamlValue[] {
  return Array.isArray(value);
}

/** Dotted path as used in messages: `services.a.ports.0`. */
export function formatComposePath(path: readonly PathSegment[]): string {
  return path.map(String).join(".");
}

/** Go's type name of a decoded value, as mapstructure and the loader print it. */
export function goTypeName(value: YamlValue): string {
  if (value === null) return "<nil>";
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "bigint") return value > 9223372036854775807n ? "uint64" : "int";
  if (typeof value === "number") return "float64";
  if (value instanceof GoTime) return "time.Time";
  if (value instanceof Map) return "map[string]interface {}";
  return "[]interface {}";
}
