/**
 * The functions a docker `--format` template can call: Go's `text/template`
 * builtins (`and`, `or`, `not`, `len`, `index`, `print`, `printf`,
 * `println`, `eq`…`ge`) and docker/cli `templates.basicFunctions` (`json`,
 * `split`, `join`, `title`, `lower`, `upper`, `pad`, `truncate`), plus
 * `templates.HeaderFunctions`, which leave a table header's names intact.
 */
import { encodeGoJson, formatGoValue, goTypeOf, isGoTrue, type GoValue } from "./go-value.js";
import { formatGoPrintf, formatGoPrint } from "./go-printf.js";

export type ParamType = "string" | "int" | "[]string" | "any";

export interface TemplateFunction {
  readonly params: readonly ParamType[];
  /** The last parameter repeats (`print a b c`). */
  readonly variadic?: boolean;
  readonly call: (...args: GoValue[]) => GoValue;
}

const compare = (name: string, test: (order: number) => boolean): TemplateFunction => ({
  params: ["any", "any"],
  call: (a, b) => {
    if (typeof a !== typeof b || (typeof a !== "string" && typeof a !== "number")) {
      if (name === "eq" || name === "ne") return (a === b) === (name === "eq");
      throw new Error(`error calling ${name}: incompatible types for comparison`);
    }
    const order = (a as string | number) < (b as string | number) ? -1 : a === b ? 0 : 1;
    return test(order);
  },
});

const GO_BUILTINS: Readonly<Record<string, TemplateFunction>> = {
  and: { params: ["any", "any"], variadic: true, call: (...args) => args.find((a) => !isGoTrue(a)) ?? args[args.length - 1] ?? null },
  or: { params: ["any", "any"], variadic: true, call: (...args) => args.find((a) => isGoTrue(a)) ?? args[args.length - 1] ?? null },
  not: { params: ["any"], call: (a) => !isGoTrue(a) },
  len: {
    params: ["any"],
    call: (a) => {
      if (typeof a === "string") return Buffer.byteLength(a);
      if (Array.isArray(a)) return a.length;
      if (typeof a === "object" && a !== null) return Object.keys(a).length;
      throw new Error(`error calling len: len of type ${goTypeOf(a)}`);
    },
  },
  index: {
    params: ["any", "any"],
    variadic: true,
    call: (item, ...keys) => {
      let value = item;
      for (const key of keys) {
        if (Array.isArray(value) && typeof key === "number") {
          if (key < 0 || key >= value.length) throw new Error(`error calling index: index out of range: ${key}`);
          value = value[key] as GoValue;
        } else if (typeof value === "object" && value !== null && !Array.isArray(value) && typeof key === "string") {
          value = (value as Record<string, GoValue>)[key] ?? "";
        } else throw new Error(`error calling index: cannot index slice/array with type ${goTypeOf(key)}`);
      }
      return value;
    },
  },
  print: { params: ["any"], variadic: true, call: (...args) => formatGoPrint(args) },
  println: { params: ["any"], variadic: true, call: (...args) => `${args.map(formatGoValue).join(" ")}\n` },
  printf: { params: ["string", "any"], variadic: true, call: (format, ...args) => formatGoPrintf(String(format), args) },
  eq: compare("eq", (o) => o === 0),
  ne: compare("ne", (o) => o !== 0),
  lt: compare("lt", (o) => o < 0),
  le: compare("le", (o) => o <= 0),
  gt: compare("gt", (o) => o > 0),
  ge: compare("ge", (o) => o >= 0),
};

/** Go's deprecated `strings.Title`: upper-case the first letter of each word (words split at non-letters). */
function titleCase(text: string): string {
  return text.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_, before: string, letter: string) => `${before}${letter.toUpperCase()}`);
}

const DOCKER_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  json: { params: ["any"], call: (v) => encodeGoJson(v) },
  split: { params: ["string", "string"], call: (s, sep) => splitGo(String(s), String(sep)) },
  join: { params: ["[]string", "string"], call: (list, sep) => (list as string[]).join(String(sep)) },
  title: { params: ["string"], call: (s) => titleCase(String(s)) },
  lower: { params: ["string"], call: (s) => String(s).toLowerCase() },
  upper: { params: ["string"], call: (s) => String(s).toUpperCase() },
  // `padWithSpace`: an empty value stays empty so columns of blanks do not grow.
  pad: { params: ["string", "int", "int"], call: (s, prefix, suffix) => (s === "" ? "" : `${" ".repeat(Number(prefix))}${String(s)}${" ".repeat(Number(suffix))}`) },
  // `truncateWithLength` counts bytes, as Go slices strings.
  truncate: { params: ["string", "int"], call: (s, n) => truncateBytes(String(s), Number(n)) },
};

const identity: TemplateFunction["call"] = (v) => v;
const HEADER_OVERRIDES: Readonly<Record<string, TemplateFunction>> = {
  json: { params: ["string"], call: identity },
  split: { params: ["string", "string"], call: identity },
  join: { params: ["string", "string"], call: identity },
  title: { params: ["string"], call: identity },
  lower: { params: ["string"], call: identity },
  upper: { params: ["string"], call: identity },
  truncate: { params: ["string", "int"], call: identity },
};

export const TEMPLATE_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = { ...GO_BUILTINS, ...DOCKER_FUNCTIONS };
export const HEADER_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = { ...TEMPLATE_FUNCTIONS, ...HEADER_OVERRIDES };
export const TEMPLATE_FUNCTION_NAMES: ReadonlySet<string> = new Set(Object.keys(TEMPLATE_FUNCTIONS));

/** `strings.Split`: an empty separator splits into UTF-8 sequences. */
function splitGo(text: string, separator: string): string[] {
  return separator === "" ? [...text] : text.split(separator);
}

function truncateBytes(text: string, length: number): string {
  const bytes = Buffer.from(text);
  if (bytes.length < length) return text;
  return bytes.subarray(0, Math.max(0, length)).toString("utf8");
}
