import { openConfigSource, type SourceFlags } from "../../pipeline/open-config-source.js";
import { runJoinPlan } from "../../pipeline/run-join-plan.js";
import type { SwarmJoinPlan } from "../../plan/topology/plan-swarm-join.js";
import { ExitCode } from "../exit-codes.js";
import { createCliLogger, openSwarmPort, printDiagnostics } from "../pipeline-options.js";
import { checkSourceFlags } from "../source-options.js";

export async function runJoinPlanCommand(flags: SourceFlags & { json?: boolean }): Promise<number> {
  checkSourceFlags(flags);
  const logger = createCliLogger();
  const source = await openConfigSource({ ...flags, base: undefined, trusted: undefined }, logger);
  const run = await runJoinPlan({ tree: source.tree, port: await openSwarmPort(), logger });
  printDiagnostics(run.diagnostics.filter((d) => d.severity === "error" || !flags.json));
  if (!run.plan) return ExitCode.error;
  process.stdout.write(flags.json ? `${JSON.stringify(run.plan, null, 2)}\n` : renderJoinPlan(run.plan));
  return ExitCode.ok;
}

/** One block per VM: in the swarm already, or the command to run and where. */
export function renderJoinPlan(plan: SwarmJoinPlan): string {
  const lines = [plan.swarmActive ? `Swarm join plan (joining nodes dial ${plan.joinAddress ?? "a manager"})` : "Swarm join plan: the node Phoenix talks to is in no swarm", ""];
  for (const step of plan.steps) {
    const vm = `VM ${step.vmid} (${step.name}, ${step.role})`;
    if (step.status === "joined") {
      lines.push(`${vm}: in the swarm as ${step.node?.hostname ?? "?"} (${step.node?.role ?? "?"})`);
      continue;
    }
    const what = { init: "start the swarm", join: "join the swarm", promote: "make its node a manager" }[step.status];
    lines.push(`${vm}: ${what}; on ${step.runOn ?? "it"} run:`, ...step.commands.map((c) => `    ${c}`));
  }
  if (plan.steps.some((s) => s.status === "join"))
    lines.push("", "The join token's secret part is left out. Read the whole token on a manager with:", ...plan.readToken.map((c) => `    ${c}`));
  if (plan.steps.every((s) => s.status === "joined")) lines.push("", "Every Swarm VM of the config is in the swarm: nothing to do.");
  return `${lines.join("\n")}\n`;
}
