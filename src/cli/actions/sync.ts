import { openConfigSource } from "../../pipeline/open-config-source.js";
import { runSync, type SyncRun } from "../../pipeline/run-sync.js";
import type { PlanRun } from "../../pipeline/run-plan.js";
import { hasChanges } from "../../plan/plan.js";
import { renderPlanText } from "../../report/render-plan-text.js";
import { toPlanJsonDocument } from "../../report/render-plan-json.js";
import type { MaskOptions } from "../../report/mask-plan.js";
import { renderSyncResult, renderSyncTotals } from "../../report/render-sync-summary.js";
import { countSyncTotals, type SyncTotals } from "../../report/sync-totals.js";
import { getProcessSecrets } from "../../secrets/process-secrets.js";
import { ExitCode } from "../exit-codes.js";
import { readOperatorPolicy } from "../../trust/operator-policy.js";
import { createCliLogger, openSwarmPort, printDiagnostics, useColor } from "../pipeline-options.js";
import { checkSourceFlags, type PipelineFlags } from "../source-options.js";
import { createSyncProgressDisplay, type SyncProgressDisplay } from "../sync-progress-display.js";
import { describeResults, openCliBackoffStore } from "./certs.js";
export interface SyncFlags extends PipelineFlags {
  readonly dryRun?: boolean;
  readonly detach?: boolean;
}

/**
 * The plan first (as `phoenix plan` prints it), then progress per stack and
 * service while it applies, then what happened and the totals. With `--json`
 * stdout holds one JSON document; progress then goes to stderr when that is
 * a terminal, and nowhere otherwise.
 */
export async function runSyncCommand(flags: SyncFlags): Promise<number> {
  checkSourceFlags(flags);
  const startedAt = Date.now();
  const logger = createCliLogger();
  const source = await openConfigSource(flags, logger);
  const display = openProgressDisplay(flags.json === true);
  let printed = false;
  const onPlan = (planned: PlanRun) => {
    printed = true;
    printDiagnostics(planned.diagnostics);
    if (planned.plan) process.stdout.write(renderPlanText(planned.plan, { color: useColor(), ...maskOptions(planned) }));
  };
  let run: SyncRun;
  try {
    run = await runSync(
      { ...source, port: await openSwarmPort(), logger, policy: readOperatorPolicy(process.env, "cli"), certificates: { backoff: openCliBackoffStore() } },
      {
        dryRun: flags.dryRun === true,
        detach: flags.detach === true,
        ...(flags.json ? {} : { onPlan }),
        // Events come after the plan, which registered the run's secret values with the process.
        ...(display ? { onEvent: display.onEvent, onStep: display.onStep } : {}),
      },
    );
  } finally {
    display?.stop();
  }
  if (!printed) printDiagnostics(run.diagnostics.filter((d) => d.severity === "error" || !flags.json));
  if (!run.plan) return ExitCode.error;
  const totals = countSyncTotals(run, Date.now() - startedAt);
  // Deploy errors and task failures quote what the daemon said, which can hold an interpolated secret.
  if (flags.json) process.stdout.write(JSON.stringify(run.masker.maskDeep(toSyncJson(run, maskOptions(run), totals, flags.dryRun === true)), null, 2) + "\n");
  else process.stdout.write(`\n${run.masker.maskText(describeSync(run, totals, flags.dryRun === true))}\n`);
  // A dry run answers like `phoenix plan`: 0 nothing to do, 2 changes pending, 1 error.
  if (flags.dryRun) return !run.ok ? ExitCode.error : hasChanges(run.plan) ? ExitCode.changes : ExitCode.ok;
  return run.ok ? ExitCode.ok : ExitCode.error;
}

/** A live board on a terminal, plain lines otherwise; with `--json`, only a terminal on stderr gets progress. */
function openProgressDisplay(json: boolean): SyncProgressDisplay | undefined {
  const maskText = (text: string) => getProcessSecrets().maskText(text);
  const terminal = (stream: NodeJS.WriteStream) => stream.isTTY === true && process.env.TERM !== "dumb";
  if (json) return terminal(process.stderr) ? createSyncProgressDisplay({ out: process.stderr, live: true, maskText }) : undefined;
  return createSyncProgressDisplay({ out: process.stdout, err: process.stderr, live: terminal(process.stdout), maskText });
}

function maskOptions(run: PlanRun): MaskOptions {
  return { secretPatterns: run.settings?.secrets.variablePatterns ?? [], masker: run.masker };
}

function describeSync(run: SyncRun, totals: SyncTotals, dryRun: boolean): string {
  if (dryRun) {
    const plan = run.plan;
    return `dry run: nothing applied${plan && hasChanges(plan) ? " (changes pending: phoenix sync applies them)" : ", and nothing to apply"}`;
  }
  const certificates = describeResults(
    (run.certificates?.certificates ?? []).filter((r) => r.outcome !== "unchanged"),
    run.certificates?.trust ?? [],
  ).trimEnd();
  return `${renderSyncResult(run, certificates)}\n\n${renderSyncTotals(totals)}`;
}

function toSyncJson(run: SyncRun, mask: MaskOptions, totals: SyncTotals, dryRun: boolean) {
  return {
    ok: run.ok,
    dryRun,
    plan: run.plan ? toPlanJsonDocument(run.plan, mask) : undefined,
    results: run.results.map((r) => ({
      stack: r.namespace,
      outcome: r.outcome,
      error: r.error,
      writeCalls: r.deploy?.writeCalls.total,
      services: r.deploy?.verifications.map((v) => ({ service: v.service, outcome: v.outcome, reason: v.reason, causedBy: v.causedBy, rollback: v.rollback, logs: v.logs })),
    })),
    infra: (run.infra ?? []).map((r) => ({ output: r.output, target: r.target, outcome: r.outcome, changed: r.changed, error: r.error })),
    ...(run.certificates ? { certificates: run.certificates.certificates, trust: run.certificates.trust } : {}),
    nodes: (run.nodes ?? []).map((r) => ({ node: r.node, id: r.id, outcome: r.outcome, changed: r.changed, error: r.error })),
    totals,
  };
}
