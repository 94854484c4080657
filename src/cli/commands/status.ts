import type { Command } from "commander";

export function registerStatusCommand(program: Command): void {
  program
    .command("status")
    .description("Show the stacks Phoenix deployed, the config commits they came from, and the swarm's nodes with the VMs they play (read from the live swarm)")
    .option("--json", "print the result as JSON on stdout")
    .action(async (flags: { json?: boolean }) => {
      const { runStatusCommand } = await import("../actions/status.js");
      process.exitCode = await runStatusCommand(flags);
    });
}
