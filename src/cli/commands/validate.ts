import type { Command } from "commander";
import type { ValidateOptions } from "../actions/validate.js";

export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .description("Load and check a config repo (etc/*.json, stacks/*): every error with file:line:column, exit 1 if any")
    .option("--dir <dir>", "the config repo to check", ".")
    .option("--json", "print the result as JSON on stdout")
    .action(async (opts: ValidateOptions) => {
      const { runValidate } = await import("../actions/validate.js");
      process.exitCode = await runValidate(opts);
    });
}
