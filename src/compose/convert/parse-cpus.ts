/**
 * docker/cli `opts.ParseCPUs`: `cpus` is read as an exact rational
 * (`big.Rat.SetString`: decimals, exponents or `a/b`) and multiplied by 1e9;
 * anything finer than a nanoCPU is refused.
 */
import { ConversionError } from "./conversion-error.js";

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const FRACTION = /^([+-]?\d+)\/(\d+)$/;
const NANO = 1_000_000_000n;

interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function parseRational(value: string): Rational | undefined {
  const fraction = FRACTION.exec(value);
  if (fraction?.[1] !== undefined && fraction[2] !== undefined) {
    const den = BigInt(fraction[2]);
    return den === 0n ? undefined : { num: BigInt(fraction[1]), den };
  }
  const decimal = DECIMAL.exec(value);
  if (!decimal) return undefined;
  const [, sign = "", whole = "", frac = "", exponent = "0"] = decimal;
  if (whole === "" && frac === "") return undefined;
  let num = BigInt(`${whole}${frac}` || "0");
  let den = 10n ** BigInt(frac.length);
  const exp = Number(exponent);
  if (Math.abs(exp) > 10_000) return undefined;
  if (exp >= 0) num *= 10n ** BigInt(exp);
  else den *= 10n ** BigInt(-exp);
  return { num: sign === "-" ? -num : num, den };
}

export function parseCpus(value: string): number {
  const rational = parseRational(value);
  if (rational === undefined) {
    throw new ConversionError("COMPOSE_CPUS", `failed to parse ${value} as a rational number`);
  }
  const scaled = rational.num * NANO;
  if (scaled % rational.den !== 0n) throw new ConversionError("COMPOSE_CPUS", "value is too precise");
  return Number(scaled / rational.den);
}
