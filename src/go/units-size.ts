import { type GoParse, parseGoFloat } from "./strconv.js";

const BINARY: Readonly<Record<string, number>> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** go-units `RAMInBytes`: binary multipliers (`50M` = 52428800), optional `b`/`ib` suffix. */
export function parseRamInBytes(size: string): GoParse<number> {
  let separator = -1;
  for (let i = size.length - 1; i >= 0; i--) {
    if ("01234567890. ".includes(size[i] ?? "")) {
      separator = i;
      break;
    }
  }
  if (separator === -1) return { ok: false, error: `invalid size: '${size}'` };
  const spaced = size[separator] === " ";
  const number = spaced ? size.slice(0, separator) : size.slice(0, separator + 1);
  const suffix = size.slice(separator + 1);
  const parsed = parseGoFloat(number);
  if (!parsed.ok) return parsed;
  if (parsed.value < 0) return { ok: false, error: `invalid size: '${size}'` };
  if (suffix === "") return { ok: true, value: Math.trunc(parsed.value) };
  const badSuffix = { ok: false, error: `invalid suffix: '${suffix.length > 3 ? suffix : suffix.toLowerCase()}'` } as const;
  if (suffix.length > 3) return badSuffix;
  const lower = suffix.toLowerCase();
  if (lower.startsWith("b")) return lower.length > 1 ? badSuffix : { ok: true, value: Math.trunc(parsed.value) };
  const multiplier = BINARY[lower[0] ?? ""];
  if (multiplier === undefined) return badSuffix;
  if ((lower.length === 2 && lower[1] !== "b") || (lower.length === 3 && lower.slice(1) !== "ib")) return badSuffix;
  return { ok: true, value: Math.trunc(parsed.value * multiplier) };
}
