/**
 * Formatting of Engine API values the way compose authors write them.
 * Pure; used to fill `SpecChange.before/after`.
 */

import { formatGoFraction } from "../../go/duration.js";

const NS_PER_S = 1_000_000_000;

/** NanoCPUs as the compose `cpus` string: 500000000 → `0.5`. */
export function formatNanoCpus(nano: number): string {
  return formatGoFraction(nano, NS_PER_S);
}

/** Bytes in the largest binary unit that divides them: 67108864 → `64MiB`. */
export function formatBytes(bytes: number): string {
  const units = [
    ["GiB", 1024 ** 3],
    ["MiB", 1024 ** 2],
    ["KiB", 1024],
  ] as const;
  for (const [unit, size] of units) {
    if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}

/** File mode as octal: 292 → `0444`. */
export function formatFileMode(mode: number): string {
  return `0${mode.toString(8)}`;
}
