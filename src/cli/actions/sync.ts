import { openConfigSource } from "../../pipeline/open-config-source.js";
import { runSync, type InfraSyncResult, type SyncRun } from "../../pipeline/run-sync.js";
import { renderPlanText } from "../../report/render-plan-text.js";
import { toPlanJsonDocument } from "../../report/render-plan-json.js";
import type { MaskOptions } from "../../report/mask-plan.js";
import { getProcessSecrets } from "../../secrets/process-secrets.js";
import { ExitCode } from "../exit-codes.js";
import { readOperatorPolicy } from "../../trust/operator-policy.js";
import { createCliLogger, openSwarmPort, printDiagnostics, useColor } from "../pipeline-options.js";
import { checkSourceFlags, type PipelineFlags } from "../source-options.js";
import { describeResults, openCliBackoffStore } from "./certs.js";
export interface SyncFlags extends PipelineFlags {
  readonly dryRun?: boolean;
  readonly detach?: boolean;
}


export async function runSyncCommand(flags: SyncFlags): Promise<number> {
  checkSourceFlags(flags);
  const logger = createCliLogger();
  const source = await openConfigSource(flags, logger);
  const run = await runSync(
    { ...source, port: await openSwarmPort(), logger, policy: readOperatorPolicy(process.env, "cli"), certificates: { backoff: openCliBackoffStore() } },
    {
      dryRun: flags.dryRun === true,
      detach: flags.detach === true,
      // Events come after the plan, which registered the run's secret values with the process.
      ...(flags.json ? {} : { onEvent: (e) => (e.stream === "stdout" ? process.stdout : process.stderr).write(getProcessSecrets().maskText(e.message) + "\n") }),
    },
  );
  printDiagnostics(run.diagnostics.filter((d) => d.severity === "error" || !flags.json));
  if (!run.plan) return ExitCode.error;
  const mask = { secretPatterns: run.settings?.secrets.variablePatterns ?? [], masker: run.masker };
  // Deploy errors and task failures quote what the daemon said, which can hold an interpolated secret.
  if (flags.json) process.stdout.write(JSON.stringify(run.masker.maskDeep(toSyncJson(run, mask)), null, 2) + "\n");
  else {
    if (flags.dryRun) process.stdout.write(renderPlanText(run.plan, { color: useColor(), ...mask }));
    process.stdout.write(run.masker.maskText(describeSync(run, flags.dryRun === true)) + "\n");
  }
  return run.ok ? ExitCode.ok : ExitCode.error;
}

function describeSync(run: SyncRun, dryRun: boolean): string {
  if (dryRun) return "dry run: nothing applied";
  const infra = run.infra ?? [];
  const certificates = describeResults(
    (run.certificates?.certificates ?? []).filter((r) => r.outcome !== "unchanged"),
    run.certificates?.trust ?? [],
  ).trimEnd();
  const joins = (run.joins ?? []).map((j) => `join/${j.vmid}: ${j.outcome}${j.error ? ` (${j.error})` : j.nodeId ? ` (node ${j.nodeId})` : ""}`);
  const nodes = [...joins, ...(run.nodes ?? []).map((r) => `node/${r.node}: ${r.outcome}${r.error ? ` (${r.error})` : r.changed.length > 0 ? ` (${r.changed.join(", ")})` : ""}`)];
  if (run.results.length === 0 && infra.length === 0 && nodes.length === 0 && certificates === "") return "everything is in sync: nothing to do";
  const stacks = run.results.map((r) => {
    const failed = r.deploy?.verifications.filter((v) => v.outcome !== "converged" && v.reason) ?? [];
    const why = [...failed.map((v) => `${v.service}: ${v.reason}`), ...(r.error ? [r.error] : [])].join("; ");
    return `${r.namespace}: ${r.outcome}${why ? ` (${why})` : ""}`;
  });
  // Apply order: DNS and the firewall, the node labels, the stacks, then the proxies.
  const first = (r: InfraSyncResult) => r.output === "dns" || r.output === "firewall";
  const early = infra.filter(first).map(describeInfraResult);
  const late = infra.filter((r) => !first(r)).map(describeInfraResult);
  return [...early, ...(certificates === "" ? [] : [certificates]), ...nodes, ...stacks, ...late].join("\n");
}

function describeInfraResult(r: InfraSyncResult): string {
  const detail = r.error ?? r.changed.join(", ");
  return `infra/${r.output} on ${r.target}: ${r.outcome}${detail ? ` (${detail})` : ""}`;
}

function toSyncJson(run: SyncRun, mask: MaskOptions) {
  return {
    ok: run.ok,
    plan: run.plan ? toPlanJsonDocument(run.plan, mask) : undefined,
    results: run.results.map((r) => ({
      stack: r.namespace,
      outcome: r.outcome,
      error: r.error,
      writeCalls: r.deploy?.writeCalls.total,
      services: r.deploy?.verifications.map((v) => ({ service: v.service, outcome: v.outcome, reason: v.reason })),
    })),
    infra: (run.infra ?? []).map((r) => ({ output: r.output, target: r.target, outcome: r.outcome, changed: r.changed, error: r.error })),
    ...(run.certificates ? { certificates: run.certificates.certificates, trust: run.certificates.trust } : {}),
    nodes: (run.nodes ?? []).map((r) => ({ node: r.node, id: r.id, outcome: r.outcome, changed: r.changed, error: r.error })),
  };
}
