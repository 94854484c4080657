import { formatPath } from "../diagnostics.js";

/**
 * A loaded value reduced to what a comparison should see: plain JSON with
 * object keys sorted (key order carries no meaning), Maps as objects, bytes
 * as base64, undefined members dropped. Array order is kept: in the config
 * it means something (`-c` order, rule order, first matching certificate).
 */
export type ComparableValue = null | boolean | number | string | readonly ComparableValue[] | { readonly [key: string]: ComparableValue };

export function toComparableValue(value: unknown): ComparableValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(toComparableValue);
  if (value instanceof Map) return sortedRecord([...value].map(([k, v]) => [String(k), v]));
  if (typeof value === "object") return sortedRecord(Object.entries(value));
  return String(value);
}

/** Equal when both reduce to the same comparable value. */
export function isSameValue(before: unknown, after: unknown): boolean {
  return JSON.stringify(toComparableValue(before)) === JSON.stringify(toComparableValue(after));
}

/**
 * Paths (`services.web.image`, `rules[2]`) of the leaves that differ between
 * two comparable values, in the order of `after`. Values are never part of
 * the result: these strings end up in PR comments, and a value may be secret.
 */
export function findChangedPaths(before: ComparableValue, after: ComparableValue, prefix: readonly (string | number)[] = []): string[] {
  return findChangedSegments(before, after, prefix).map((segments) => (segments.length === 0 ? "(whole value)" : formatPath(segments)));
}

/** `findChangedPaths` as segment lists, for callers that map them to a file's own spelling first. */
export function findChangedSegments(before: ComparableValue, after: ComparableValue, prefix: readonly (string | number)[] = []): (string | number)[][] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    const out: (string | number)[][] = [];
    for (let i = 0; i < length; i++) out.push(...findChangedSegments(before[i] ?? null, after[i] ?? null, [...prefix, i]));
    return out;
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !Object.hasOwn(after, k))];
    return keys.flatMap((k) => findChangedSegments(before[k] ?? null, after[k] ?? null, [...prefix, k]));
  }
  return [[...prefix]];
}

/** At most `limit` entries, then how many more there are. */
export function limitList(items: readonly string[], limit: number): string {
  if (items.length <= limit) return items.join(", ");
  return `${items.slice(0, limit).join(", ")} and ${items.length - limit} more`;
}

function sortedRecord(entries: readonly (readonly [string, unknown])[]): { readonly [key: string]: ComparableValue } {
  const out: Record<string, ComparableValue> = {};
  for (const [k, v] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (v !== undefined) out[k] = toComparableValue(v);
  return out;
}

function isRecord(value: ComparableValue): value is { readonly [key: string]: ComparableValue } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
