import { GoTime, type YamlValue } from "../compose/yaml/yaml-value.js";

/** Go's `strconv.FormatFloat(f, 'g', -1, 64)` as `fmt.Sprint` prints a float64 (`1e+06`, `1.5`). */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa = "0", exponentText = "0"] = value.toExponential().split("e");
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const exponent = Number(exponentText);
  const sign = negative ? "-" : "";
  // fmt's %v uses %e when the exponent is < -4 or >= 6 for the shortest representation.
  if (exponent < -4 || exponent >= 6) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const abs = Math.abs(exponent);
    return `${sign}${head}e${exponent < 0 ? "-" : "+"}${abs < 10 ? `0${abs}` : abs}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/** `fmt.Sprint(value)` / `%v` for a decoded YAML value. */
export function formatGoValue(value: YamlValue): string {
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
export function formatGoStringVerb(value: YamlValue): string {
  if (typeof value === "string") return value;
  if (value instanceof GoTime) return value.text;
  if (value === null) return "%!s(<nil>)";
  const type = typeof value === "bigint" ? "int" : typeof value === "number" ? "float64" : typeof value === "boolean" ? "bool" : "";
  return type ? `%!s(${type}=${formatGoValue(value)})` : formatGoValue(value);
}

/** Go's `%#v` / `strconv.Quote` of a string. */
export function quoteGoString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\t") out += "\\t";
    else if (char === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += char;
  }
  return `${out}"`;
}

/** Go's byte-wise string order (UTF-8 order equals code point order). */
export function compareGoStrings(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/** The shortest decimal whose float32 is the float32 of `value` (how Go prints a float32). */
export function toFloat32(value: number): number {
  const target = Math.fround(value);
  if (!Number.isFinite(target) || target === 0) return target;
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Number(target.toPrecision(precision));
    if (Math.fround(candidate) === target) return candidate;
  }
  return target;
}
