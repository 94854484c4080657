/**
 * Commander's flag errors, reworded as pflag/cobra word them for `docker
 * stack` (`unknown flag: --x`, `unknown shorthand flag: 'x' in -x`, `flag
 * needs an argument: --format`) with the CLI's hint lines and exit 125.
 */
import { execFileSync } from "node:child_process";
import type { Command, CommanderError } from "commander";
import type { ComposeCompat } from "../../compose/compose-compat.js";
import { mapDockerVersion, FALLBACK_CLI_VERSION } from "./detect-cli-version.js";
import { FLAG_ERROR_EXIT_CODE, formatFlagError, type StackVerb } from "./usage-errors.js";

/** pflag's wording of a commander error, from its code and message. */
export function translateCommanderError(code: string, message: string): string {
  const text = message.replace(/^error: /, "");
  const unknown = /^unknown option '([^']+)'/.exec(text);
  if (code === "commander.unknownOption" && unknown !== null) {
    const flag = unknown[1] ?? "";
    return flag.startsWith("--") ? `unknown flag: ${flag}` : `unknown shorthand flag: '${flag.slice(1, 2)}' in ${flag}`;
  }
  const missing = /^option '(?:(-\w), )?(--[\w-]+)[^']*' argument missing/.exec(text);
  if (code === "commander.optionMissingArgument" && missing !== null) return `flag needs an argument: ${missing[2] ?? ""}`;
  return text;
}

/** The version the message is worded for: `--cli-version` on the command line, else the docker client on PATH. */
function readCliVersionSync(argv: readonly string[]): ComposeCompat {
  const at = argv.findIndex((a) => a === "--cli-version" || a.startsWith("--cli-version="));
  const given = at === -1 ? undefined : argv[at]?.includes("=") ? argv[at]?.split("=")[1] : argv[at + 1];
  if (given === "20.10" || given === "28.2") return given;
  try {
    return mapDockerVersion(execFileSync("docker", ["--version"], { encoding: "utf8", timeout: 3000, stdio: ["ignore", "pipe", "ignore"] })) ?? FALLBACK_CLI_VERSION;
  } catch {
    return FALLBACK_CLI_VERSION;
  }
}

export function handleStackFlagError(command: Command, verb: StackVerb): Command {
  return command
    .showHelpAfterError(false)
    .configureOutput({ outputError: () => undefined })
    .exitOverride((error: CommanderError) => {
      // Help and version displays end the process with their own status.
      if (error.exitCode === 0) return;
      const cliVersion = readCliVersionSync(process.argv);
      process.stderr.write(formatFlagError(verb, translateCommanderError(error.code, error.message), cliVersion));
      process.exit(FLAG_ERROR_EXIT_CODE);
    });
}
