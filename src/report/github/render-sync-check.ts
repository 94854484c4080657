import { hasErrors } from "../../diagnostics.js";
import type { SyncRun } from "../../pipeline/run-sync.js";
import { buildAnnotations } from "./build-annotations.js";
import type { CheckRunResult } from "./check-run-result.js";
import { describeSyncRun, renderSyncComment, renderSyncResult } from "./render-sync-comment.js";

/**
 * The `phoenix/sync` check run of a sync: the one-line result as its title,
 * the stack and infrastructure tables as its summary, the whole result
 * comment as its details, and an annotation per error (or warning).
 */
export function renderSyncCheck(run: SyncRun, commit: string): CheckRunResult {
  const invalid = !run.plan || hasErrors(run.diagnostics);
  return {
    conclusion: run.ok ? "success" : "failure",
    title: describeSyncRun(run),
    summary: renderSyncResult(run),
    text: renderSyncComment(run, commit),
    annotations: buildAnnotations(invalid ? run.diagnostics : run.diagnostics.filter((d) => d.severity === "warning")),
  };
}
