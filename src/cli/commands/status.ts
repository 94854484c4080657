import type { Command } from "commander";
import type { StatusFlags } from "../actions/status.js";

export function registerStatusCommand(program: Command): void {
  program
    .command("status")
    .description("Show per stack the last sync's result, health (tasks running vs desired, crash loops) and commit, read from the live swarm")
    .option("--instance <name>", "the Phoenix instance to show (default: the instance of --dir's .github/phoenix.yml, else phoenix)")
    .option("--dir <dir>", "read the instance from this config repo's .github/phoenix.yml")
    .option("--all", "show every instance on the swarm")
    .option("--json", "print the result as JSON on stdout (docs/status-json.md)")
    .action(async (flags: StatusFlags) => {
      const { runStatusCommand } = await import("../actions/status.js");
      process.exitCode = await runStatusCommand(flags);
    });
}
