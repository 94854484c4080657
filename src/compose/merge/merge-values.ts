import type { ComposeCompat } from "../types.js";
import type { ComposeExtraValue, ComposeExtras } from "../compose-project.js";
import { compareGoStrings } from "../../go/sort.js";

/**
 * mergo's rules as docker/cli configures them (`WithOverride`,
 * `WithAppendSlice`): a zero override never wins, slices are appended, maps
 * merged key by key.
 */

export function mergeString(base: string, override: string): string {
  return override !== "" ? override : base;
}

export function mergeBool(base: boolean, override: boolean): boolean {
  return override || base;
}

export function mergeNumber(base: number, override: number): number {
  return override !== 0 ? override : base;
}

/** A pointer to a scalar: nil takes the other side, otherwise the pointee merges like a plain value. */
export function mergeOptional<T>(base: T | undefined, override: T | undefined, merge: (a: T, b: T) => T): T | undefined {
  if (base === undefined) return override;
  if (override === undefined) return base;
  return merge(base, override);
}

/**
 * `*uint64` (replicas, parallelism, max_attempts, retries): 23.0+ applies any
 * set override, 0 included; 20.10 ignores a 0 override.
 */
export function mergeUint64(base: number | undefined, override: number | undefined, compat: ComposeCompat): number | undefined {
  if (compat === "28.2") return override ?? base;
  return mergeOptional(base, override, mergeNumber);
}

export function appendLists<T>(base: readonly T[], override: readonly T[]): T[] {
  return [...base, ...override];
}

/** `map[string]string` (labels, sysctls, options): every override key wins, even with `""`. */
export function mergeStringRecord(base: Readonly<Record<string, string>>, override: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(new Map([...Object.entries(base), ...Object.entries(override)]));
}

/**
 * `map[string]*string` (environment, build args): an override value wins only
 * when it is a non-empty string, unless the base value is itself empty or null.
 */
export function mergeEnvironment(
  base: Readonly<Record<string, string | null>>,
  override: Readonly<Record<string, string | null>>,
): Record<string, string | null> {
  const out = new Map(Object.entries(base));
  for (const [key, value] of Object.entries(override)) {
    const current = out.get(key);
    const baseEmpty = current === undefined || current === null || current === "";
    if ((value !== null && value !== "") || baseEmpty) out.set(key, value);
  }
  return Object.fromEntries(out);
}

/**
 * A slice docker/cli merges through a keyed map (ports by published port,
 * secrets/configs by source, 23.0+ volumes by target): override entries
 * replace base entries with the same key, the result is sorted by key.
 */
export function mergeByKey<T, K extends string | number>(base: readonly T[], override: readonly T[], keyOf: (item: T) => K): T[] {
  if (base.length === 0) return [...override];
  const byKey = new Map<K, T>();
  for (const item of [...base, ...override]) byKey.set(keyOf(item), item);
  const compare = (a: K, b: K): number => (typeof a === "string" && typeof b === "string" ? compareGoStrings(a, b) : Number(a) - Number(b));
  return [...byKey.entries()].sort(([a], [b]) => compare(a, b)).map(([, item]) => item);
}

function mergeExtraValue(base: ComposeExtraValue, override: ComposeExtraValue, compat: ComposeCompat): ComposeExtraValue {
  const isRecord = (v: ComposeExtraValue): v is { readonly [key: string]: ComposeExtraValue } =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (isRecord(base) && isRecord(override)) return mergeExtras(base, override, compat);
  if (Array.isArray(base) && Array.isArray(override)) return [...(base as ComposeExtraValue[]), ...(override as ComposeExtraValue[])];
  return override;
}

/** Service `x-*` values: nested mappings merge, lists append, scalars are replaced (20.10 skips nulls). */
export function mergeExtras(base: ComposeExtras, override: ComposeExtras, compat: ComposeCompat): { [key: string]: ComposeExtraValue } {
  const out = new Map(Object.entries(base));
  for (const [key, value] of Object.entries(override)) {
    if (value === null && compat === "20.10") continue;
    const current = out.get(key);
    out.set(key, current === undefined ? value : mergeExtraValue(current, value, compat));
  }
  return Object.fromEntries(out);
}
