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
