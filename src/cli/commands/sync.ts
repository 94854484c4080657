import type { Command } from "commander";
import { addSourceOptions } from "../source-options.js";
import type { SyncFlags } from "../actions/sync.js";

export function registerSyncCommand(program: Command): void {
  addSourceOptions(
    program
      .command("sync")
      .description(
        "Apply the config: print the plan, deploy what changed (progress per stack and service: a live display on a terminal, " +
          "plain lines otherwise), wait for convergence, roll back what fails, then print the results and totals; exit 0 success, 1 failure",
      )
      .option("--dry-run", "stop after the plan and apply nothing; exit like plan: 0 nothing to do, 2 changes pending, 1 error")
      .option("--detach", "do not wait for services to converge (and so do not roll back)"),
  ).action(async (flags: SyncFlags) => {
    const { runSyncCommand } = await import("../actions/sync.js");
    process.exitCode = await runSyncCommand(flags);
  });
}
