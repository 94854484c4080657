import type { ComposeCompat } from "../types.js";
import { parseGoInt64Base0, parseGoUint64Base0 } from "../../go/strconv.js";
import { parseGoTimestamp } from "../../go/time.js";
import { GoTime, type YamlScalar } from "./yaml-value.js";

/**
 * Plain-scalar resolution of the Go YAML decoders docker/cli uses: yaml.v2
 * (20.10, YAML 1.1 booleans) and yaml v3 (28.x, only true/false are booleans,
 * timestamps become time.Time). Both accept Go integer syntax (`0x10`,
 * `0777` octal, `1_000`), unlike a YAML 1.2 core schema.
 */

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const TRUE_V3 = new Set(["true", "True", "TRUE"]);
const FALSE_V3 = new Set(["false", "False", "FALSE"]);
const TRUE_V2 = new Set([...TRUE_V3, "y", "Y", "yes", "Yes", "YES", "on", "On", "ON"]);
const FALSE_V2 = new Set([...FALSE_V3, "n", "N", "no", "No", "NO", "off", "Off", "OFF"]);
const SPECIAL_FLOATS = new Map<string, number>([
  [".nan", NaN], [".NaN", NaN], [".NAN", NaN],
  [".inf", Infinity], [".Inf", Infinity], [".INF", Infinity],
  ["+.inf", Infinity], ["+.Inf", Infinity], ["+.INF", Infinity],
  ["-.inf", -Infinity], ["-.Inf", -Infinity], ["-.INF", -Infinity],
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

type Hint = "sign-or-digit" | "dot" | "map" | "none";

function hintOf(text: string): Hint {
  const first = text[0];
  if (first === undefined) return "map";
  if (first === "+" || first === "-" || (first >= "0" && first <= "9")) return "sign-or-digit";
  if (first === ".") return "dot";
  return "yYnNtTfFoO~".includes(first) ? "map" : "none";
}

function lookupTable(text: string, compat: ComposeCompat): YamlScalar | undefined {
  if (NULLS.has(text)) return null;
  const truthy = compat === "20.10" ? TRUE_V2 : TRUE_V3;
  const falsy = compat === "20.10" ? FALSE_V2 : FALSE_V3;
  if (truthy.has(text)) return true;
  if (falsy.has(text)) return false;
  return SPECIAL_FLOATS.get(text);
}

function finiteFloat(text: string): number | undefined {
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function resolveNumeric(text: string): YamlScalar | undefined {
  const plain = text.replaceAll("_", "");
  const signed = parseGoInt64Base0(plain);
  if (signed !== undefined) return signed;
  const unsigned = parseGoUint64Base0(plain);
  if (unsigned !== undefined) return unsigned;
  if (YAML_STYLE_FLOAT.test(plain)) return finiteFloat(plain);
  return undefined;
}

function resolveUntagged(text: string, compat: ComposeCompat, allowTimestamp: boolean): YamlScalar {
  const hint = hintOf(text);
  if (hint === "none") return text;
  const fromTable = lookupTable(text, compat);
  if (fromTable !== undefined) return fromTable;
  if (hint === "dot") return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? (finiteFloat(text) ?? text) : text;
  if (hint === "sign-or-digit") {
    const stamp = allowTimestamp ? parseGoTimestamp(text) : undefined;
    // yaml.v2 recognises the timestamp but keeps it as a string when decoding into interface{}.
    if (stamp !== undefined) return compat === "20.10" ? text : new GoTime(stamp);
    return resolveNumeric(text) ?? text;
  }
  return text;
}

function kindTag(value: YamlScalar): string {
  if (value === null) return "!!null";
  if (typeof value === "boolean") return "!!bool";
  if (typeof value === "bigint") return "!!int";
  if (typeof value === "number") return "!!float";
  if (value instanceof GoTime) return "!!timestamp";
  return "!!str";
}

export type ScalarResolution = { readonly value: YamlScalar } | { readonly error: string };

/** Resolves a scalar's text; `tag` is an explicit `!!type` tag, `quoted` marks non-plain styles. */
export function resolveGoScalar(text: string, compat: ComposeCompat, options: { tag?: string; quoted?: boolean } = {}): ScalarResolution {
  const tag = options.tag?.replace(/^tag:yaml\.org,2002:/, "!!");
  if (tag === undefined || tag === "" || tag === "!") return { value: options.quoted ? text : resolveUntagged(text, compat, true) };
  if (tag === "!!str" || tag === "!!binary" || !/^!!(bool|int|float|null|timestamp)$/.test(tag)) return { value: text };
  const resolved = resolveUntagged(text, compat, tag === "!!timestamp");
  const got = kindTag(resolved);
  if (got === tag) return { value: resolved };
  if (tag === "!!float" && typeof resolved === "bigint") return { value: Number(resolved) };
  return { error: `yaml: cannot decode ${got} \`${text}\` as a ${tag}` };
}
