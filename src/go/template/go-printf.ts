/**
 * `fmt.Sprint` and the common verbs of `fmt.Sprintf` (`%s %v %d %q %x %t %%`
 * with flags `-`, `0` and a width) for template values.
 */
import { formatGoValue, goTypeOf, type GoValue } from "./go-value.js";

/** `fmt.Sprint`: a space between two operands when neither is a string. */
export function formatGoPrint(args: readonly GoValue[]): string {
  let out = "";
  args.forEach((arg, i) => {
    const previous = args[i - 1];
    if (i > 0 && typeof arg !== "string" && typeof previous !== "string") out += " ";
    out += formatGoValue(arg);
  });
  return out;
}

export function formatGoPrintf(format: string, args: readonly GoValue[]): string {
  let next = 0;
  return format.replace(/%([-+ #0]*)(\d*)(?:\.(\d+))?([a-zA-Z%])/g, (whole, flags: string, width: string, precision: string | undefined, verb: string) => {
    if (verb === "%") return "%";
    if (next >= args.length) return `%!${verb}(MISSING)`;
    const arg = args[next] as GoValue;
    next += 1;
    let text: string;
    switch (verb) {
      case "v":
      case "s":
        text = typeof arg === "string" || verb === "v" ? formatGoValue(arg) : `%!s(${goTypeOf(arg)}=${formatGoValue(arg)})`;
        if (precision !== undefined) text = [...text].slice(0, Number(precision)).join("");
        break;
      case "d":
        text = typeof arg === "number" ? String(Math.trunc(arg)) : `%!d(${goTypeOf(arg)}=${formatGoValue(arg)})`;
        break;
      case "q":
        text = typeof arg === "string" ? JSON.stringify(arg) : `%!q(${goTypeOf(arg)}=${formatGoValue(arg)})`;
        break;
      case "x":
        text = typeof arg === "number" ? Math.trunc(arg).toString(16) : Buffer.from(formatGoValue(arg)).toString("hex");
        break;
      case "t":
        text = typeof arg === "boolean" ? String(arg) : `%!t(${goTypeOf(arg)}=${formatGoValue(arg)})`;
        break;
      default:
        return whole;
    }
    const size = width === "" ? 0 : Number(width);
    if (flags.includes("-")) return text.padEnd(size);
    if (flags.includes("0") && verb === "d") return text.padStart(size, "0");
    return text.padStart(size);
  }) + (next < args.length ? `%!(EXTRA ${args.slice(next).map((a) => `${goTypeOf(a)}=${formatGoValue(a)}`).join(", ")})` : "");
}
