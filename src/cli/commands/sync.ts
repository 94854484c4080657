import type { Command } from "commander";
import { addSourceOptions } from "../source-options.js";
import type { SyncFlags } from "../actions/sync.js";

export function registerSyncCommand(program: Command): void {
  addSourceOptions(
    program
      .command("sync")
      .description("Apply the config: plan, deploy what changed, wait for convergence, roll back what fails")
      .option("--dry-run", "stop after the plan")
      .option("--detach", "do not wait for services to converge (and so do not roll back)"),
  ).action(async (flags: SyncFlags) => {
    const { runSyncCommand } = await import("../actions/sync.js");
    process.exitCode = await runSyncCommand(flags);
  });
}
