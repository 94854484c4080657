import { openConfigSource } from "../../pipeline/open-config-source.js";
import { runDrift, type DriftRun } from "../../pipeline/run-drift.js";
import { readOperatorPolicy } from "../../trust/operator-policy.js";
import { renderPlanText } from "../../report/render-plan-text.js";
import { toPlanJsonDocument } from "../../report/render-plan-json.js";
import type { MaskOptions } from "../../report/mask-plan.js";
import { ExitCode } from "../exit-codes.js";
import { createCliLogger, openSwarmPort, printDiagnostics, useColor } from "../pipeline-options.js";
import { checkSourceFlags, type PipelineFlags } from "../source-options.js";
export async function runDriftCommand(flags: PipelineFlags): Promise<number> {
  checkSourceFlags(flags);
  const logger = createCliLogger();
  // --base is accepted like plan's, but drift compares one commit with the live system: the base is not read.
  const { tree, commit, dirty } = await openConfigSource({ ...flags, base: undefined }, logger);
  const run = await runDrift({ tree, ...(commit ? { commit } : {}), ...(dirty ? { dirty } : {}), port: await openSwarmPort(), logger, policy: readOperatorPolicy(process.env, "cli") });
  printDiagnostics(run.diagnostics.filter((d) => d.severity === "error" || !flags.json));
  if (!run.plan) {
    if (flags.json) process.stdout.write(JSON.stringify({ checked: false, errors: run.diagnostics.filter((d) => d.severity === "error") }, null, 2) + "\n");
    return ExitCode.error;
  }
  const mask = { secretPatterns: run.settings?.secrets.variablePatterns ?? [], masker: run.masker };
  if (flags.json) process.stdout.write(JSON.stringify(toDriftJson(run, mask), null, 2) + "\n");
  else {
    if (run.drifted) process.stdout.write(renderPlanText({ ...run.plan, stacks: run.stacks, infra: run.infra }, { color: useColor(), ...mask }));
    process.stdout.write(describeDrift(run) + "\n");
  }
  return run.drifted ? ExitCode.changes : ExitCode.ok;
}

function describeDrift(run: DriftRun): string {
  if (!run.drifted) return "in sync: the swarm and the infra targets match the config";
  const parts = [
    ...(run.stacks.length > 0 ? [`${run.stacks.length} stack${run.stacks.length === 1 ? "" : "s"}`] : []),
    ...(run.infra.length > 0 ? [`${run.infra.length} infra file${run.infra.length === 1 ? "" : "s"}`] : []),
  ];
  const verb = run.stacks.length + run.infra.length === 1 ? "differs" : "differ";
  return `drifted: ${parts.join(" and ")} ${verb} from the config (phoenix sync puts them back)`;
}

/** The drifted units in the plan's JSON form (secret values left out), with the yes/no first. */
function toDriftJson(run: DriftRun, mask: MaskOptions) {
  if (!run.plan) return { checked: false };
  const doc = toPlanJsonDocument({ ...run.plan, stacks: run.stacks, infra: run.infra }, mask);
  return { checked: true, drifted: run.drifted, environment: doc.environment, source: doc.source, stacks: doc.stacks, infra: doc.infra, warnings: doc.warnings };
}
