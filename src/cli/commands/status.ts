import type { Command } from "commander";

export function registerStatusCommand(program: Command): void {
  program
    .command("status")
    .description("Show the stacks Phoenix deployed and the config commits they came from (read from the live swarm)")
    .option("--json", "print the result as JSON on stdout")
    .action(async (flags: { json?: boolean }) => {
      const { runStatusCommand } = await import("../actions/status.js");
      process.exitCode = await runStatusCommand(flags);
    });
}
