import { formatDiagnostic, hasErrors, sortDiagnostics } from "../../diagnostics.js";
import type { InfraSyncResult, StackSyncResult, SyncRun } from "../../pipeline/run-sync.js";
import { plural } from "../describe-plan.js";
import { codeFence, codeSpan, escapeTableCell } from "../markdown-syntax.js";

/** The hidden first line of result comments on merged pull requests. */
export const SYNC_COMMENT_MARKER = "<!-- phoenix:sync -->";

const OUTCOME_TEXT: Readonly<Record<StackSyncResult["outcome"], string>> = {
  applied: "deployed",
  unchanged: "unchanged",
  "rolled-back": "rolled back",
  failed: "failed",
  removed: "removed",
  skipped: "not deployed: a stack it depends on failed",
};

const INFRA_OUTCOME_TEXT: Readonly<Record<InfraSyncResult["outcome"], string>> = {
  applied: "applied",
  unchanged: "unchanged",
  restored: "failed, previous files restored",
  failed: "failed",
};

/** Changed paths named in a table cell; more are counted. */
const MAX_PATHS_NAMED = 5;

/** One line for a commit status (≤ 140 characters after the caller clips it). */
export function describeSyncRun(run: SyncRun): string {
  if (!run.plan || hasErrors(run.diagnostics)) {
    const errors = run.diagnostics.filter((d) => d.severity === "error").length;
    return `configuration invalid: ${errors} ${plural(errors, "error")}, nothing deployed`;
  }
  const infra = run.infra ?? [];
  if (run.results.length === 0 && infra.length === 0) return "nothing to deploy: the swarm and the infrastructure match the config";
  const failedStacks = run.results.filter((r) => r.outcome === "failed" || r.outcome === "rolled-back").map((r) => `${r.namespace} ${OUTCOME_TEXT[r.outcome]}`);
  const failedInfra = infra.filter((r) => r.outcome === "failed" || r.outcome === "restored").map((r) => `${r.output} ${r.outcome}`);
  if (failedStacks.length + failedInfra.length > 0) return [...failedStacks, ...failedInfra].join(", ");
  const deployed = run.results.filter((r) => r.outcome === "applied").length;
  const removed = run.results.filter((r) => r.outcome === "removed").length;
  const applied = infra.filter((r) => r.outcome === "applied").length;
  const parts = [
    deployed > 0 ? `${deployed} ${plural(deployed, "stack")} deployed` : "",
    removed > 0 ? `${removed} removed` : "",
    applied > 0 ? `${applied} infra ${plural(applied, "output")} applied` : "",
  ].filter((t) => t !== "");
  return parts.length > 0 ? parts.join(", ") : "nothing changed: the targets already held the config";
}

/** The result of a sync as Markdown: what was deployed and applied, what was rolled back or restored and why. */
export function renderSyncComment(run: SyncRun, commit: string): string {
  const heading = `${SYNC_COMMENT_MARKER}\n### Phoenix sync ${run.ok ? "succeeded" : "failed"}${run.settings ? ` for ${codeSpan(run.settings.environment)}` : ""}\nCommit ${commit}`;
  return `${heading}\n\n${renderSyncResult(run)}\n`;
}

/**
 * The body of the result under any heading (the comment's, the check run's
 * summary): the one-line result, a table of the stacks, a table of the
 * infrastructure outputs, and why anything failed. Infra outputs are named
 * with their target and changed paths, never with file contents. Deploy
 * errors and task failures quote the daemon, which may quote a secret
 * value: the run's values are masked.
 */
export function renderSyncResult(run: SyncRun): string {
  return run.masker.maskText(describeSyncResult(run));
}

function describeSyncResult(run: SyncRun): string {
  if (!run.plan || hasErrors(run.diagnostics)) {
    const listing = codeFence(sortDiagnostics(run.diagnostics).map(formatDiagnostic).join("\n"));
    return `**Configuration invalid:** nothing was deployed.\n\n${listing}`;
  }
  const infra = run.infra ?? [];
  if (run.results.length === 0 && infra.length === 0) return "**Nothing to deploy:** every stack and infrastructure file already matched the config.";
  const sections = [`**Result:** ${describeSyncRun(run)}`];
  if (run.results.length > 0) {
    const rows = run.results.map((r) => `| ${codeSpan(r.namespace)} | ${OUTCOME_TEXT[r.outcome]} | ${escapeTableCell(describeStackResult(r))} |`);
    sections.push(["| Stack | Result | Details |", "| --- | --- | --- |", ...rows].join("\n"));
  }
  if (infra.length > 0) {
    const rows = infra.map((r) => `| ${codeSpan(r.output)} | ${escapeTableCell(r.target)} | ${INFRA_OUTCOME_TEXT[r.outcome]} | ${escapeTableCell(describeInfraResult(r))} |`);
    sections.push(["| Infrastructure | Target | Result | Details |", "| --- | --- | --- | --- |", ...rows].join("\n"));
  }
  const problems = [...run.results.flatMap(describeStackProblems), ...infra.flatMap(describeInfraProblem)];
  if (problems.length > 0) sections.push(`**Why:**\n${problems.join("\n")}`);
  return sections.join("\n\n");
}

function describeStackResult(result: StackSyncResult): string {
  const deploy = result.deploy;
  if (!deploy) return result.error ?? "";
  const changed = deploy.objects.filter((o) => o.action !== "unchanged").length;
  const seconds = (deploy.durationMs / 1000).toFixed(1);
  return `${changed} ${plural(changed, "object")} changed in ${seconds}s`;
}

function describeInfraResult(result: InfraSyncResult): string {
  if (result.outcome !== "applied") return "";
  const named = result.changed.slice(0, MAX_PATHS_NAMED).map(codeSpan);
  const more = result.changed.length - named.length;
  const list = [...named, ...(more > 0 ? [`${more} more`] : [])].join(", ");
  return `${result.changed.length} ${plural(result.changed.length, "file")} changed${list === "" ? "" : `: ${list}`}`;
}

function describeStackProblems(result: StackSyncResult): string[] {
  const lines: string[] = [];
  if (result.error !== undefined) lines.push(`- ${codeSpan(result.namespace)}: ${result.error}`);
  for (const v of result.deploy?.verifications ?? []) {
    if (v.outcome === "converged" || v.outcome === "removed") continue;
    const cause = v.causedBy === undefined ? "" : ` because ${codeSpan(v.causedBy)} failed`;
    const reason = v.reason === undefined ? "" : `: ${v.reason}`;
    lines.push(`- ${codeSpan(v.service)} ${v.outcome.replace("-", " ")}${cause}${reason}`);
  }
  return lines;
}

function describeInfraProblem(result: InfraSyncResult): string[] {
  if (result.error === undefined) return [];
  // The apply error already starts with "<output> on <target>: ", which the list item says itself.
  const prefix = `${result.output} on ${result.target}: `;
  const error = result.error.startsWith(prefix) ? result.error.slice(prefix.length) : result.error;
  return [`- ${codeSpan(result.output)} on ${codeSpan(result.target)}: ${error.replace(/\s*\n\s*/g, " ")}`];
}
