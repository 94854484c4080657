/**
 * The Go values a template sees, as JavaScript values: strings, integers
 * (numbers), booleans, nil (null), slices (arrays), `map[string]…` (plain
 * objects) and structs with methods (`GoStruct`, e.g. docker's
 * `*formatter.stackContext`). `fmt.Sprint` and `encoding/json` of them.
 */

/** A value a missing map key evaluates to; printed `<no value>`, as Go prints an invalid reflect.Value. */
export const NO_VALUE: unique symbol = Symbol("no value");

export interface GoStruct {
  /** The Go type name in error messages (`*formatter.stackContext`). */
  readonly goType: string;
  /** The exported methods/fields a template may call (`.Name`). */
  readonly fields: Readonly<Record<string, () => GoValue>>;
  /** What `json .` prints: docker's `formatter.MarshalJSON` of the context, keys sorted. */
  readonly json: () => Readonly<Record<string, GoValue>>;
}

export type GoValue = string | number | boolean | null | typeof NO_VALUE | readonly GoValue[] | GoMap | GoStruct;
export interface GoMap {
  readonly [key: string]: GoValue;
}

export function isGoStruct(value: GoValue): value is GoStruct {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "goType" in value && typeof (value as GoStruct).json === "function";
}

export function isGoMap(value: GoValue): value is GoMap {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isGoStruct(value);
}

/** Go's type name of a value, for error messages. */
export function goTypeOf(value: GoValue): string {
  if (value === null || value === NO_VALUE) return "<nil>";
  if (typeof value === "string") return "string";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float64";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return "[]string";
  if (isGoStruct(value as GoValue)) return (value as GoStruct).goType;
  return "map[string]string";
}

/** `fmt.Sprint` of one value (the `%v` verb). */
export function formatGoValue(value: GoValue): string {
  if (value === NO_VALUE) return "<no value>";
  if (value === null) return "<nil>";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(formatGoValue).join(" ")}]`;
  if (isGoStruct(value as GoValue)) {
    const fields = (value as GoStruct).json();
    return `&{${Object.keys(fields).sort().map((k) => formatGoValue(fields[k] ?? null)).join(" ")}}`;
  }
  const map = value as GoMap;
  return `map[${Object.keys(map).sort().map((k) => `${k}:${formatGoValue(map[k] ?? null)}`).join(" ")}]`;
}

/** Go's truth of a value in `if`, `and`, `or`, `not`: the zero value, nil and empty collections are false. */
export function isGoTrue(value: GoValue): boolean {
  if (value === null || value === NO_VALUE) return false;
  if (typeof value === "string") return value !== "";
  if (typeof value === "number") return value !== 0;
  if (typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.length > 0;
  if (isGoStruct(value as GoValue)) return true;
  return Object.keys(value as GoMap).length > 0;
}

/**
 * `json.Encoder` with `SetEscapeHTML(false)`, as docker's `json` template
 * function: map and struct keys sorted. A docker context (GoStruct) brings
 * its own `MarshalJSON`, which is `json.Marshal` and so escapes `<`, `>` and
 * `&` (`"*:80->80/tcp"` prints `"*:80-\u003e80/tcp"`), while a plain string
 * does not.
 */
export function encodeGoJson(value: GoValue, escapeHtml = false): string {
  if (value === null || value === NO_VALUE) return "null";
  if (typeof value === "string") return quoteGoJsonString(value, escapeHtml);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => encodeGoJson(v, escapeHtml)).join(",")}]`;
  const isStruct = isGoStruct(value as GoValue);
  const fields: Readonly<Record<string, GoValue>> = isStruct ? (value as GoStruct).json() : (value as GoMap);
  const escape = escapeHtml || isStruct;
  return `{${Object.keys(fields)
    .sort()
    .map((k) => `${quoteGoJsonString(k, escape)}:${encodeGoJson(fields[k] ?? null, escape)}`)
    .join(",")}}`;
}

/** encoding/json's string quoting: `\n`, `\r`, `\t` short, other controls and U+2028/9 as `\u00XX`, and `<>&` too when escaping HTML. */
function quoteGoJsonString(text: string, escapeHtml: boolean): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x2028 || code === 0x2029 || (escapeHtml && (char === "<" || char === ">" || char === "&"))) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += char;
  }
  return `${out}"`;
}
