import { type GoParse, quoteGoString } from "./strconv.js";

const UNITS = new Map<string, bigint>([
  ["ns", 1n],
  ["us", 1_000n],
  ["\u00b5s", 1_000n],
  ["\u03bcs", 1_000n],
  ["ms", 1_000_000n],
  ["s", 1_000_000_000n],
  ["m", 60_000_000_000n],
  ["h", 3_600_000_000_000n],
]);
const LIMIT = 1n << 63n;

/** Go's `leadingFraction`: digits accumulate until they would overflow; the scale is a float64. */
function leadingFraction(digits: string): [bigint, number] {
  let value = 0n;
  let scale = 1;
  for (const char of digits) {
    if (value > (LIMIT - 1n) / 10n) break;
    const next = value * 10n + BigInt(char);
    if (next > LIMIT) break;
    value = next;
    scale *= 10;
  }
  return [value, scale];
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= "0" && char <= "9";
}

/** Go's `time.ParseDuration`, in nanoseconds (`1m30s`, `500ms`, `-1.5h`; a bare number other than 0 is an error). */
export function parseGoDuration(text: string): GoParse<number> {
  const invalid = { ok: false, error: `time: invalid duration ${quoteGoString(text)}` } as const;
  let rest = text;
  let negative = false;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    negative = rest.startsWith("-");
    rest = rest.slice(1);
  }
  if (rest === "0") return { ok: true, value: 0 };
  if (rest === "") return invalid;
  let total = 0n;
  while (rest !== "") {
    if (!(rest[0] === "." || isDigit(rest[0]))) return invalid;
    const whole = /^[0-9]*/.exec(rest)?.[0] ?? "";
    rest = rest.slice(whole.length);
    let fraction = "";
    let hadFraction = false;
    if (rest.startsWith(".")) {
      fraction = /^[0-9]*/.exec(rest.slice(1))?.[0] ?? "";
      hadFraction = fraction.length > 0;
      rest = rest.slice(1 + fraction.length);
    }
    if (whole === "" && !hadFraction) return invalid;
    const wholeValue = whole === "" ? 0n : BigInt(whole);
    if (wholeValue >= LIMIT) return invalid;
    let unitLength = 0;
    while (unitLength < rest.length && !(rest[unitLength] === "." || isDigit(rest[unitLength]))) unitLength++;
    if (unitLength === 0) return { ok: false, error: `time: missing unit in duration ${quoteGoString(text)}` };
    const unitName = rest.slice(0, unitLength);
    rest = rest.slice(unitLength);
    const unit = UNITS.get(unitName);
    if (unit === undefined) return { ok: false, error: `time: unknown unit ${quoteGoString(unitName)} in duration ${quoteGoString(text)}` };
    if (wholeValue > LIMIT / unit) return invalid;
    let value = wholeValue * unit;
    const [numerator, scale] = leadingFraction(fraction);
    if (numerator > 0n) {
      value += BigInt(Math.trunc(Number(numerator) * (Number(unit) / scale)));
      if (value > LIMIT) return invalid;
    }
    total += value;
    if (total > LIMIT) return invalid;
  }
  if (!negative && total > LIMIT - 1n) return invalid;
  return { ok: true, value: Number(negative ? -total : total) };
}

const NS_PER_US = 1_000;
const NS_PER_MS = 1_000_000;
const NS_PER_S = 1_000_000_000;

/** `value / unit` as an exact decimal without trailing zeros, as `time`'s `fmtFrac` writes it (integer arithmetic, no float noise). */
export function formatGoFraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const rest = value % unit;
  if (rest === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, "0").replace(/0+$/, "")}`;
}

/** Go's `time.Duration.String()` of nanoseconds: `500ms`, `1.234567ms`, `1m30s`, `2h0m0s`. */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return "0s";
  const sign = ns < 0 ? "-" : "";
  const abs = Math.abs(ns);
  if (abs < NS_PER_US) return `${sign}${abs}ns`;
  if (abs < NS_PER_MS) return `${sign}${formatGoFraction(abs, NS_PER_US)}µs`;
  if (abs < NS_PER_S) return `${sign}${formatGoFraction(abs, NS_PER_MS)}ms`;
  const hours = Math.floor(abs / (3600 * NS_PER_S));
  const minutes = Math.floor((abs % (3600 * NS_PER_S)) / (60 * NS_PER_S));
  const seconds = formatGoFraction(abs % (60 * NS_PER_S), NS_PER_S);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}
