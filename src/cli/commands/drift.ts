import type { Command } from "commander";
import { addSourceOptions, type PipelineFlags } from "../source-options.js";

export function registerDriftCommand(program: Command): void {
  addSourceOptions(
    program
      .command("drift")
      .description("Compare the live swarm and infra targets with the config; exit 0 in sync, 2 drifted, 1 error"),
  ).action(async (flags: PipelineFlags) => {
    const { runDriftCommand } = await import("../actions/drift.js");
    process.exitCode = await runDriftCommand(flags);
  });
}
