import { openConfigSource } from "../../pipeline/open-config-source.js";
import { runPlan } from "../../pipeline/run-plan.js";
import { hasChanges } from "../../plan/plan.js";
import { renderPlanJson } from "../../report/render-plan-json.js";
import { renderPlanText } from "../../report/render-plan-text.js";
import { ExitCode } from "../exit-codes.js";
import { readOperatorPolicy } from "../../trust/operator-policy.js";
import { createCliLogger, openSwarmPort, printDiagnostics, useColor } from "../pipeline-options.js";
import { checkSourceFlags, type PipelineFlags } from "../source-options.js";
export async function runPlanCommand(flags: PipelineFlags): Promise<number> {
  checkSourceFlags(flags);
  const logger = createCliLogger();
  const source = await openConfigSource(flags, logger);
  const run = await runPlan({ ...source, port: await openSwarmPort(), logger, policy: readOperatorPolicy(process.env, "cli") });
  printDiagnostics(run.diagnostics.filter((d) => d.severity === "error" || !flags.json));
  if (!run.plan) {
    if (flags.json) process.stdout.write(JSON.stringify({ valid: false, errors: run.diagnostics.filter((d) => d.severity === "error") }, null, 2) + "\n");
    return ExitCode.error;
  }
  const mask = { secretPatterns: run.settings?.secrets.variablePatterns ?? [], masker: run.masker };
  process.stdout.write(flags.json ? renderPlanJson(run.plan, mask) : renderPlanText(run.plan, { color: useColor(), ...mask }));
  return hasChanges(run.plan) ? ExitCode.changes : ExitCode.ok;
}
