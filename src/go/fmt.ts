import { compareGoStrings } from "./sort.js";
import { formatGoFloat } from "./strconv.js";
import { GoTime } from "./time.js";

/** A value as Go's YAML decoder hands it over in an `interface{}`: what `fmt` prints here. */
export type GoValue = string | boolean | null | bigint | number | GoTime | readonly GoValue[] | Map<string, GoValue>;

/** `fmt.Sprint(value)` / `%v` for a decoded YAML value. */
export function formatGoValue(value: GoValue): string {
  if (value === null) return "<nil>";
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "number") return formatGoFloat(value);
  if (value instanceof GoTime) return value.text;
  if (value instanceof Map) {
    const entries = [...value.entries()].sort(([a], [b]) => compareGoStrings(a, b));
    return `map[${entries.map(([k, v]) => `${k}:${formatGoValue(v)}`).join(" ")}]`;
  }
  return `[${value.map(formatGoValue).join(" ")}]`;
}

/** `fmt.Sprintf("%s", value)`: strings verbatim, other kinds in Go's `%!s(type=value)` form. */
export function formatGoStringVerb(value: GoValue): string {
  if (typeof value === "string") return value;
  if (value instanceof GoTime) return value.text;
  if (value === null) return "%!s(<nil>)";
  const type = typeof value === "bigint" ? "int" : typeof value === "number" ? "float64" : typeof value === "boolean" ? "bool" : "";
  return type ? `%!s(${type}=${formatGoValue(value)})` : formatGoValue(value);
}

