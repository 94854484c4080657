import { formatDiagnostic, hasErrors, sortDiagnostics } from "../diagnostics.js";
import type { StackSyncResult, SyncRun } from "../pipeline/run-sync.js";
import { plural } from "../report/describe-plan.js";
import { codeFence, codeSpan, escapeTableCell } from "../report/markdown-syntax.js";

/** The hidden first line of result comments on merged pull requests. */
export const SYNC_COMMENT_MARKER = "<!-- phoenix:sync -->";

const OUTCOME_TEXT: Readonly<Record<StackSyncResult["outcome"], string>> = {
  applied: "deployed",
  unchanged: "unchanged",
  "rolled-back": "rolled back",
  failed: "failed",
  removed: "removed",
};

/** One line for a commit status (≤ 140 characters after the caller clips it). */
export function describeSyncRun(run: SyncRun): string {
  if (!run.plan || hasErrors(run.diagnostics)) {
    const errors = run.diagnostics.filter((d) => d.severity === "error").length;
    return `configuration invalid: ${errors} ${plural(errors, "error")}, nothing deployed`;
  }
  if (run.results.length === 0) return "nothing to deploy: the swarm matches the config";
  const failed = run.results.filter((r) => r.outcome === "failed" || r.outcome === "rolled-back");
  if (failed.length > 0) return failed.map((r) => `${r.namespace} ${OUTCOME_TEXT[r.outcome]}`).join(", ");
  const deployed = run.results.filter((r) => r.outcome === "applied").length;
  const removed = run.results.filter((r) => r.outcome === "removed").length;
  return [deployed > 0 ? `${deployed} ${plural(deployed, "stack")} deployed` : "", removed > 0 ? `${removed} removed` : ""].filter((t) => t !== "").join(", ");
}

/** The result of a sync as Markdown: what was deployed, what was rolled back and why. */
export function renderSyncComment(run: SyncRun, commit: string): string {
  const heading = `${SYNC_COMMENT_MARKER}\n### Phoenix sync ${run.ok ? "succeeded" : "failed"}${run.settings ? ` for ${codeSpan(run.settings.environment)}` : ""}\nCommit ${commit}`;
  if (!run.plan || hasErrors(run.diagnostics)) {
    const listing = codeFence(sortDiagnostics(run.diagnostics).map(formatDiagnostic).join("\n"));
    return `${heading}\n\n**Configuration invalid:** nothing was deployed.\n\n${listing}\n`;
  }
  if (run.results.length === 0) return `${heading}\n\n**Nothing to deploy:** every stack already matched the config.\n`;
  const rows = run.results.map((r) => `| ${codeSpan(r.namespace)} | ${OUTCOME_TEXT[r.outcome]} | ${escapeTableCell(describeStackResult(r))} |`);
  const table = ["| Stack | Result | Details |", "| --- | --- | --- |", ...rows].join("\n");
  const problems = run.results.flatMap(describeProblems);
  const why = problems.length > 0 ? `\n\n**Why:**\n${problems.join("\n")}` : "";
  return `${heading}\n\n**Result:** ${describeSyncRun(run)}\n\n${table}${why}\n`;
}

function describeStackResult(result: StackSyncResult): string {
  const deploy = result.deploy;
  if (!deploy) return result.error ?? "";
  const changed = deploy.objects.filter((o) => o.action !== "unchanged").length;
  const seconds = (deploy.durationMs / 1000).toFixed(1);
  return `${changed} ${plural(changed, "object")} changed in ${seconds}s`;
}

function describeProblems(result: StackSyncResult): string[] {
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
