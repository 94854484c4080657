import type { Command } from "commander";
import { REF_HELP } from "../source-options.js";
import type { SourceFlags } from "../../pipeline/open-config-source.js";

export function registerSwarmCommand(program: Command): void {
  const swarm = program.command("swarm").description("The Swarm itself: which VMs are its nodes");
  swarm
    .command("join-plan")
    .description("Print the commands that init the swarm or join the config's Swarm VMs to it (join tokens masked; nothing is run)")
    .option("--dir <dir>", "a config repo working directory (default: the current directory)")
    .option("--repo <url|path>", "a config repo to read at --ref without a checkout")
    .option("--ref <rev>", REF_HELP)
    .option("--json", "print the result as JSON on stdout")
    .action(async (flags: SourceFlags & { json?: boolean }) => {
      const { runJoinPlanCommand } = await import("../actions/swarm-join-plan.js");
      process.exitCode = await runJoinPlanCommand(flags);
    });
}
