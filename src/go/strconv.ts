import { quoteGoString } from "./fmt.js";

/** A parse result carrying Go's error text on failure. */
export type GoParse<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function digitsIn(base: number): RegExp {
  if (base === 16) return /^[0-9a-fA-F]+$/;
  if (base === 8) return /^[0-7]+$/;
  if (base === 2) return /^[01]+$/;
  return /^[0-9]+$/;
}

/** Magnitude of an unsigned literal in Go's base-0 syntax (`0x1f`, `0o17`, `017`, `0b1`, `17`). */
function parseMagnitudeBase0(text: string): bigint | undefined {
  let base = 10;
  let digits = text;
  if (/^0[xX]/.test(text)) [base, digits] = [16, text.slice(2)];
  else if (/^0[bB]/.test(text)) [base, digits] = [2, text.slice(2)];
  else if (/^0[oO]/.test(text)) [base, digits] = [8, text.slice(2)];
  else if (text.length > 1 && text.startsWith("0")) [base, digits] = [8, text.slice(1)];
  if (!digitsIn(base).test(digits)) return undefined;
  const prefix = base === 16 ? "0x" : base === 8 ? "0o" : base === 2 ? "0b" : "";
  return BigInt(prefix + digits);
}

/** `strconv.ParseInt(s, 0, 64)`. */
export function parseGoInt64Base0(text: string): bigint | undefined {
  const negative = text.startsWith("-");
  const magnitude = parseMagnitudeBase0(/^[+-]/.test(text) ? text.slice(1) : text);
  if (magnitude === undefined) return undefined;
  const value = negative ? -magnitude : magnitude;
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

/** `strconv.ParseUint(s, 0, 64)`. */
export function parseGoUint64Base0(text: string): bigint | undefined {
  const magnitude = parseMagnitudeBase0(text);
  return magnitude === undefined || magnitude > UINT64_MAX ? undefined : magnitude;
}

/** `strconv.Atoi` on a 64-bit platform. */
export function goAtoi(text: string): GoParse<bigint> {
  if (!/^[+-]?[0-9]+$/.test(text)) return { ok: false, error: `strconv.Atoi: parsing ${quoteGoString(text)}: invalid syntax` };
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) {
    return { ok: false, error: `strconv.Atoi: parsing ${quoteGoString(text)}: value out of range` };
  }
  return { ok: true, value };
}

/** `strconv.ParseUint(s, 10, bits)`: plain decimal digits only. */
export function parseGoUintDecimal(text: string, bits: number): GoParse<bigint> {
  const name = "strconv.ParseUint";
  if (!/^[0-9]+$/.test(text)) return { ok: false, error: `${name}: parsing ${quoteGoString(text)}: invalid syntax` };
  const value = BigInt(text);
  if (value >= 2n ** BigInt(bits)) return { ok: false, error: `${name}: parsing ${quoteGoString(text)}: value out of range` };
  return { ok: true, value };
}

const DECIMAL_FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/;

function parseHexFloat(match: RegExpExecArray): number | undefined {
  const [, sign = "", whole = "", fraction = "", exponent = "0"] = match;
  if (whole === "" && fraction === "") return undefined;
  const mantissa = Number.parseInt(`${whole}${fraction}` || "0", 16);
  const value = mantissa * 2 ** (Number(exponent) - 4 * fraction.length);
  return sign === "-" ? -value : value;
}

/** `strconv.ParseFloat(s, 64)`. */
export function parseGoFloat(text: string): GoParse<number> {
  const syntax = { ok: false, error: `strconv.ParseFloat: parsing ${quoteGoString(text)}: invalid syntax` } as const;
  const lower = text.toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(lower)) return { ok: true, value: lower.startsWith("-") ? -Infinity : Infinity };
  if (lower === "nan") return { ok: true, value: NaN };
  const hex = HEX_FLOAT.exec(text);
  let value: number | undefined;
  if (hex) value = parseHexFloat(hex);
  else if (DECIMAL_FLOAT.test(text)) value = Number(text);
  if (value === undefined || Number.isNaN(value)) return syntax;
  if (!Number.isFinite(value)) {
    return { ok: false, error: `strconv.ParseFloat: parsing ${quoteGoString(text)}: value out of range` };
  }
  return { ok: true, value };
}
