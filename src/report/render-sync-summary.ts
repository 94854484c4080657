/**
 * What `phoenix sync` prints when it is done: one line per unit it applied
 * (in apply order), the failed services with their reason, how their
 * rollback ended and the failing task's last lines, then the totals.
 */
import type { InfraSyncResult, StackSyncResult, SyncRun } from "../pipeline/run-sync.js";
import type { SyncTotals } from "./sync-totals.js";

type ServiceVerification = NonNullable<StackSyncResult["deploy"]>["verifications"][number];

/** `certificates`: the certificate lines, rendered by the certs command's own renderer. */
export function renderSyncResult(run: SyncRun, certificates: string): string {
  const infra = run.infra ?? [];
  const joins = (run.joins ?? []).map((j) => `join/${j.vmid}: ${j.outcome}${j.error ? ` (${j.error})` : j.nodeId ? ` (node ${j.nodeId})` : ""}`);
  const nodes = [...joins, ...(run.nodes ?? []).map((r) => `node/${r.node}: ${r.outcome}${r.error ? ` (${r.error})` : r.changed.length > 0 ? ` (${r.changed.join(", ")})` : ""}`)];
  if (run.results.length === 0 && infra.length === 0 && nodes.length === 0 && certificates === "") return "everything is in sync: nothing to do";
  // Apply order: DNS and the firewall, the node labels, the stacks, then the proxies.
  const first = (r: InfraSyncResult) => r.output === "dns" || r.output === "firewall";
  const early = infra.filter(first).map(describeInfraResult);
  const late = infra.filter((r) => !first(r)).map(describeInfraResult);
  return [...early, ...(certificates === "" ? [] : [certificates]), ...nodes, ...run.results.flatMap(describeStackResult), ...late].join("\n");
}

function describeStackResult(r: StackSyncResult): string[] {
  const unsettled = r.deploy?.verifications.filter((v) => v.outcome !== "converged" && v.outcome !== "not-verified") ?? [];
  const head = `${r.namespace}: ${r.outcome}${r.error ? ` (${r.error})` : ""}`;
  return [head, ...unsettled.flatMap(describeVerification)];
}

/** `  app_web: rolled back (rollback_completed, 1/1 tasks running): task: non-zero exit (1)`, then the task's lines. */
function describeVerification(v: ServiceVerification): string[] {
  const how =
    v.outcome === "rolled-back" && v.rollback
      ? `rolled back (${v.rollback.state}, ${v.rollback.running}/${v.rollback.desired} tasks running)`
      : v.outcome.replace("-", " ");
  const why = v.reason ?? (v.causedBy ? `with ${v.causedBy}, which failed` : "");
  const lines = v.logs && v.logs.length > 0 ? [`    last ${v.logs.length === 1 ? "line" : `${v.logs.length} lines`} of the failed task:`, ...v.logs.map((l) => `    | ${l}`)] : [];
  return [`  ${v.service}: ${how}${why ? `: ${why}` : ""}`, ...lines];
}

function describeInfraResult(r: InfraSyncResult): string {
  const detail = r.error ?? r.changed.join(", ");
  return `infra/${r.output} on ${r.target}: ${r.outcome}${detail ? ` (${detail})` : ""}`;
}

export function renderSyncTotals(totals: SyncTotals): string {
  const s = totals.stacks;
  const lines = [
    `stacks: ${s.created} created, ${s.updated} updated, ${s.removed} removed, ${s.unchanged} unchanged, ${s.failed} failed, ${s.rolledBack} rolled back, ${s.skipped} skipped`,
    `infra outputs: ${totals.infra.applied} applied, ${totals.infra.restored} restored, ${totals.infra.failed} failed`,
  ];
  if (totals.nodes.changed + totals.nodes.failed > 0) lines.push(`node labels: ${plural(totals.nodes.changed, "node")} changed, ${totals.nodes.failed} failed`);
  const certificates = Object.entries(totals.certificates).map(([outcome, n]) => `${n} ${outcome}`);
  if (certificates.length > 0) lines.push(`certificates: ${certificates.join(", ")}`);
  lines.push(`duration: ${formatDuration(totals.durationMs)}`);
  return lines.join("\n");
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** `850ms`, `12.3s`, `2m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}
