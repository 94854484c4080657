import type { ComposeCompat } from "./types.js";
import { formatGoValue } from "../go/fmt.js";
import type { YamlMap } from "./yaml/yaml-value.js";

/** The newest schema 23.0+ CLIs fall back to (28.2 ships 3.0–3.13). */
const LATEST_COMPOSE_VERSION = "3.13";

/**
 * `schema.Version`: the raw `version` value printed with `%v`. 20.10 treats a
 * missing key as "1.0" and "3" as "3.0"; 23.0+ treats missing, "" and "3" as
 * the latest 3.x.
 */
export function readComposeVersion(root: YamlMap, compat: ComposeCompat): string {
  if (!root.has("version")) return compat === "20.10" ? "1.0" : LATEST_COMPOSE_VERSION;
  return normalizeComposeVersion(formatGoValue(root.get("version") ?? null), compat);
}

function normalizeComposeVersion(version: string, compat: ComposeCompat): string {
  if (compat === "20.10") return version === "3" ? "3.0" : version;
  return version === "" || version === "3" ? LATEST_COMPOSE_VERSION : version;
}

/** The minor number of a version that has a schema (`"3.8"` → 8), or undefined. */
export function schemaMinorOf(version: string, compat: ComposeCompat): number | undefined {
  const match = /^3\.(\d+)$/.exec(version);
  if (!match) return undefined;
  const minor = Number(match[1]);
  const newest = compat === "20.10" ? 9 : 13;
  return String(minor) === match[1] && minor <= newest ? minor : undefined;
}

/** `versions.GreaterThanOrEqualTo`: dotted integer comparison. */
export function isVersionAtLeast(version: string, minimum: string): boolean {
  const left = version.split(".");
  const right = minimum.split(".");
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const a = Number.parseInt(left[i] ?? "0", 10) || 0;
    const b = Number.parseInt(right[i] ?? "0", 10) || 0;
    if (a !== b) return a > b;
  }
  return true;
}
