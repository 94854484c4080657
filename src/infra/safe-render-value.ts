import type { Origin } from "../config/desired-state.js";
import type { Diagnostic } from "../errors.js";
import { PhoenixError } from "../errors.js";
import { formatDiagnostic, quoteForMessage } from "../diagnostics.js";
import type { InfraOutputId } from "./rendered-output.js";

/**
 * How a value is read where it lands. Each syntax has characters that end or
 * split its directive: a line break everywhere; whitespace between the words
 * of a dnsmasq option, a `.fw` flag or an NGINX directive; `#` where it starts
 * a comment; `;`, `{`, `}`, quotes, `\` and `$` (a variable) in NGINX. Text
 * after a `.fw` `#` is the comment itself, so only a line break ends it there.
 * YAML is written through the yaml library, which quotes whatever it must: there
 * only the characters no one-line value holds are refused.
 */
export type RenderSyntax = "dnsmasq" | "firewall-flag" | "firewall-comment" | "nginx" | "yaml";

/** C0/C1 controls, DEL, U+2028/U+2029: every line-oriented reader ends a line at one of them, or mangles it. */
const LINE_BREAKING = "\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029";
const WHITESPACE = "\\s";
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const FORBIDDEN: Record<RenderSyntax, RegExp> = {
  dnsmasq: new RegExp(`[${LINE_BREAKING}${WHITESPACE}#"'\\\\]`),
  "firewall-flag": new RegExp(`[${LINE_BREAKING}${WHITESPACE}#|]`),
  "firewall-comment": new RegExp(`[${LINE_BREAKING}]`),
  nginx: new RegExp(`[${LINE_BREAKING}${WHITESPACE};{}#"'\\\\$]`),
  yaml: new RegExp(`[${LINE_BREAKING}]`),
};

export interface RenderValueContext {
  readonly output: InfraOutputId;
  /** What the value is, as the user knows it: `certificate key_path`, `conf-dir`. */
  readonly what: string;
  /** Where the value was declared, when the renderer knows it. */
  readonly origin?: Origin;
  /** Characters this one directive reads specially on top of its syntax (`/` in `address=/name/ip`). */
  readonly alsoForbidden?: string;
}

/**
 * A value that would have changed the structure of a generated file: refused
 * before anything is written. The schemas refuse these values first, so this
 * error means a value reached a renderer around them (settings, a new field).
 */
export class RenderError extends PhoenixError {
  readonly diagnostic: Diagnostic;

  constructor(diagnostic: Diagnostic) {
    super("plan", diagnostic.code, formatDiagnostic(diagnostic), { file: diagnostic.file });
    this.diagnostic = diagnostic;
  }
}

/**
 * The value, unchanged, when it is one word (or one comment) of its syntax;
 * otherwise throws RenderError. Every renderer passes each interpolated
 * value through here: one list of dangerous characters, not one per file.
 */
export function requireSafeValue(value: string, syntax: RenderSyntax, context: RenderValueContext): string {
  const problem = findUnsafeCharacter(value, syntax, context.alsoForbidden);
  if (problem === undefined) return value;
  throw createRenderError(context, value, problem);
}

/** The error for a value a renderer refuses, for checks of its own (an address that is not one). */
export function createRenderError(context: RenderValueContext, value: string, problem: string): RenderError {
  return new RenderError({
    severity: "error",
    code: "RENDER_UNSAFE_VALUE",
    stage: "plan",
    ...(context.origin ? { file: context.origin.file, line: context.origin.line, column: context.origin.column, path: context.origin.path } : {}),
    message: `${context.what} ${describeRenderValue(value)} cannot be written to the ${context.output} files: ${problem}`,
    hint: "nothing was written; fix the value in the config",
  });
}

/** Why a value cannot stand as one word of its syntax, or undefined when it can. */
export function findUnsafeCharacter(value: string, syntax: RenderSyntax, alsoForbidden = ""): string | undefined {
  if (value === "" && syntax !== "firewall-comment") return "it is empty";
  if (LONE_SURROGATE.test(value)) return "it is not well-formed Unicode (a lone surrogate)";
  for (const char of value) {
    if (FORBIDDEN[syntax].test(char) || alsoForbidden.includes(char))
      return `${describeCharacter(char)} would end or split the ${syntax === "yaml" ? "entry" : "directive"}`;
  }
  return undefined;
}

function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return code > 0x20 && code < 0x7f ? `'${char}'` : hex;
}

/** Quoted with every control character and line separator escaped; long values are cut. */
function describeRenderValue(value: string): string {
  return quoteForMessage(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}
