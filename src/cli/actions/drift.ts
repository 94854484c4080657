import { openConfigSource } from "../../pipeline/open-config-source.js";
import { runDrift, type DriftRun } from "../../pipeline/run-drift.js";
import { readOperatorPolicy } from "../../trust/operator-policy.js";
import { renderPlanText } from "../../report/render-plan-text.js";
import { toPlanJsonDocument } from "../../report/render-plan-json.js";
import type { MaskOptions } from "../../report/mask-plan.js";
import { ExitCode } from "../exit-codes.js";
import { createCliLogger, openSwarmPort, printDiagnostics, useColor } from "../pipeline-options.js";
import { checkSourceFlags, type PipelineFlags } from "../source-options.js";
import { readSyncRecord } from "../../reconcile/sync-record-store.js";
import { renderDriftSummary } from "../../report/render-drift-summary.js";
import type { SyncRecord } from "../../reconcile/sync-record.js";
export async function runDriftCommand(flags: PipelineFlags): Promise<number> {
  checkSourceFlags(flags);
  const logger = createCliLogger();
  // --base is accepted like plan's, but drift compares one commit with the live system: the base is not read.
  const { tree, commit, dirty } = await openConfigSource({ ...flags, base: undefined }, logger);
  const port = await openSwarmPort();
  const run = await runDrift({ tree, ...(commit ? { commit } : {}), ...(dirty ? { dirty } : {}), port, logger, policy: readOperatorPolicy(process.env, "cli") });
  printDiagnostics(run.diagnostics.filter((d) => d.severity === "error" || !flags.json));
  if (!run.plan) {
    if (flags.json) process.stdout.write(JSON.stringify({ checked: false, errors: run.diagnostics.filter((d) => d.severity === "error") }, null, 2) + "\n");
    return ExitCode.error;
  }
  const mask = { secretPatterns: run.settings?.secrets.variablePatterns ?? [], masker: run.masker };
  // What the last sync of this instance did to the drifted units: "sync puts them back" is untrue after one that rolled back.
  const record = run.drifted && run.settings ? (await readSyncRecord(port, run.settings.instance).catch(() => undefined))?.record : undefined;
  if (flags.json) process.stdout.write(JSON.stringify(toDriftJson(run, mask, record), null, 2) + "\n");
  else {
    if (run.drifted) process.stdout.write(renderPlanText({ ...run.plan, stacks: run.stacks, infra: run.infra }, { color: useColor(), ...mask }));
    process.stdout.write(run.masker.maskText(renderDriftSummary(run, record)) + "\n");
  }
  return run.drifted ? ExitCode.changes : ExitCode.ok;
}

/** The drifted units in the plan's JSON form (secret values left out), with the yes/no first. */
function toDriftJson(run: DriftRun, mask: MaskOptions, record: SyncRecord | undefined) {
  if (!run.plan) return { checked: false };
  const doc = toPlanJsonDocument({ ...run.plan, stacks: run.stacks, infra: run.infra }, mask);
  const lastSync = record ? { commit: record.commit, result: record.result, finishedAt: record.finishedAt } : undefined;
  return { checked: true, drifted: run.drifted, environment: doc.environment, source: doc.source, stacks: doc.stacks, infra: doc.infra, warnings: doc.warnings, lastSync, summary: renderDriftSummary(run, record) };
}
