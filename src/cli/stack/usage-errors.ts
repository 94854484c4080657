/**
 * The docker CLI's argument and flag errors (docker/cli `cli/required.go`,
 * `cli/cobra.go` FlagErrorFunc), worded per CLI version, with Phoenix's
 * command path in place of `docker` so the `--help` they point to exists.
 * 20.10: `"docker stack ps" requires exactly 1 argument.` + See/Usage/short;
 * 23.0+: `docker: 'docker stack ps' requires 1 argument` + Usage/Run.
 */
import type { ComposeCompat } from "../../compose/compose-compat.js";

export const BINARY_NAME = "phoenix";

/** A `phoenix stack` verb as cobra describes it: `Use` and `Short`. */
export interface StackVerb {
  /** `deploy`, `ps`… */
  readonly name: string;
  /** Cobra's `Use` after the verb: `[OPTIONS] STACK`. */
  readonly use: string;
  readonly short: string;
}

export type ArgumentRule = { readonly kind: "exact"; readonly count: number } | { readonly kind: "min"; readonly count: number } | { readonly kind: "none" };

/** Exit status of a flag error (cobra's FlagErrorFunc → `cli.StatusError{StatusCode: 125}`). */
export const FLAG_ERROR_EXIT_CODE = 125;

const plural = (count: number) => (count === 1 ? "argument" : "arguments");

function commandPath(verb: StackVerb): string {
  return `${BINARY_NAME} stack ${verb.name}`;
}

function useLine(verb: StackVerb): string {
  return `${commandPath(verb)} ${verb.use}`;
}

/** The error for a wrong number of arguments, or undefined when the count fits. */
export function checkArgumentCount(verb: StackVerb, rule: ArgumentRule, count: number, cliVersion: ComposeCompat): string | undefined {
  const path = commandPath(verb);
  if (rule.kind === "exact" && count !== rule.count) {
    return cliVersion === "20.10"
      ? `"${path}" requires exactly ${rule.count} ${plural(rule.count)}.\nSee '${path} --help'.\n\nUsage:  ${useLine(verb)}\n\n${verb.short}\n`
      : `${BINARY_NAME}: '${path}' requires ${rule.count} ${plural(rule.count)}\n\nUsage:  ${useLine(verb)}\n\nRun '${path} --help' for more information\n`;
  }
  if (rule.kind === "min" && count < rule.count) {
    return cliVersion === "20.10"
      ? `"${path}" requires at least ${rule.count} ${plural(rule.count)}.\nSee '${path} --help'.\n\nUsage:  ${useLine(verb)}\n\n${verb.short}\n`
      : `${BINARY_NAME}: '${path}' requires at least ${rule.count} ${plural(rule.count)}\n\nUsage:  ${useLine(verb)}\n\nSee '${path} --help' for more information\n`;
  }
  if (rule.kind === "none" && count > 0) {
    return cliVersion === "20.10"
      ? `"${path}" accepts no arguments.\nSee '${path} --help'.\n\nUsage:  ${useLine(verb)}\n\n${verb.short}\n`
      : `${BINARY_NAME}: '${path}' accepts no arguments\n\nUsage:  ${useLine(verb)}\n\nRun '${path} --help' for more information\n`;
  }
  return undefined;
}

/** A flag error (`unknown flag: --x`, `invalid argument "a" for "-f, --filter" flag: …`) with the CLI's hint lines. */
export function formatFlagError(verb: StackVerb, message: string, cliVersion: ComposeCompat): string {
  const path = commandPath(verb);
  return cliVersion === "20.10"
    ? `${message}\nSee '${path} --help'.\n`
    : `${message}\n\nUsage:  ${useLine(verb)}\n\nRun '${path} --help' for more information\n`;
}

/** docker/cli `validateStackName`: any name that is not empty after trimming blanks and quotes; the message quotes it as Go's %q does. */
export function checkStackName(name: string): string | undefined {
  const trimmed = name.replace(/^[\s"']+|[\s"']+$/g, "");
  return trimmed === "" ? `invalid stack name: ${JSON.stringify(name)}` : undefined;
}
