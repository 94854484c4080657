import type { Command } from "commander";
import type { ValidateOptions } from "../actions/validate.js";

export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .description("Check a config repo as plan does, short of reading the swarm (.github/phoenix.yml, etc/*.json, stacks/*, conversion to services, ports and constraints the swarm would refuse): every error with file:line:column, exit 1 if any")
    .option("--dir <dir>", "the config repo to check", ".")
    .option("--json", "print the result as JSON on stdout")
    .action(async (opts: ValidateOptions) => {
      const { runValidate } = await import("../actions/validate.js");
      process.exitCode = await runValidate(opts);
    });
}
