/**
 * Formatting of Engine API values the way compose authors write them.
 * Pure; used to fill `SpecChange.before/after`.
 */

const NS_PER_US = 1_000;
const NS_PER_MS = 1_000_000;
const NS_PER_S = 1_000_000_000;

/** Nanoseconds as Go's `time.Duration.String()` prints them: `500ms`, `1m30s`, `2h0m0s`. */
export function formatDuration(ns: number): string {
  if (ns === 0) return "0s";
  const sign = ns < 0 ? "-" : "";
  const abs = Math.abs(ns);
  if (abs < NS_PER_US) return `${sign}${abs}ns`;
  if (abs < NS_PER_MS) return `${sign}${trimDecimal(abs / NS_PER_US)}µs`;
  if (abs < NS_PER_S) return `${sign}${trimDecimal(abs / NS_PER_MS)}ms`;
  const hours = Math.floor(abs / (3600 * NS_PER_S));
  const minutes = Math.floor((abs % (3600 * NS_PER_S)) / (60 * NS_PER_S));
  const seconds = formatFraction(abs % (60 * NS_PER_S), NS_PER_S);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** NanoCPUs as the compose `cpus` string: 500000000 → `0.5`. */
export function formatNanoCpus(nano: number): string {
  return formatFraction(nano, NS_PER_S);
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

/** `value / unit` as an exact decimal without trailing zeros (integer arithmetic, no float noise). */
function formatFraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const rest = value % unit;
  if (rest === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, "0").replace(/0+$/, "")}`;
}

function trimDecimal(value: number): string {
  return String(Number(value.toFixed(3)));
}
