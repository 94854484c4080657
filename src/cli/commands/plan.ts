import type { Command } from "commander";
import { addSourceOptions, type PipelineFlags } from "../source-options.js";

export function registerPlanCommand(program: Command): void {
  addSourceOptions(
    program
      .command("plan")
      .description("Show what a sync would change, field by field; exit 0 nothing to do, 2 changes planned, 1 error"),
  ).action(async (flags: PipelineFlags) => {
    const { runPlanCommand } = await import("../actions/plan.js");
    process.exitCode = await runPlanCommand(flags);
  });
}
