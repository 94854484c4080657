/**
 * The last line of `phoenix drift`: whether the live system differs from
 * the config and what a sync would do about it. After a sync that failed or
 * rolled back, saying "phoenix sync puts them back" would be untrue: the
 * instance's sync record says that sync was tried and how it ended.
 */
import type { DriftRun } from "../pipeline/run-drift.js";
import type { SyncRecord } from "../reconcile/sync-record.js";

const FAILED_STACK = new Set(["rolled-back", "failed", "skipped"]);
const FAILED_INFRA = new Set(["failed", "restored"]);

export function renderDriftSummary(run: Pick<DriftRun, "drifted" | "stacks" | "infra">, record: SyncRecord | undefined): string {
  if (!run.drifted) return "in sync: the swarm and the infra targets match the config";
  const parts = [
    ...(run.stacks.length > 0 ? [`${run.stacks.length} stack${run.stacks.length === 1 ? "" : "s"}`] : []),
    ...(run.infra.length > 0 ? [`${run.infra.length} infra file${run.infra.length === 1 ? "" : "s"}`] : []),
  ];
  const verb = run.stacks.length + run.infra.length === 1 ? "differs" : "differ";
  const head = `drifted: ${parts.join(" and ")} ${verb} from the config`;
  const failed = [
    ...run.stacks.flatMap((s) => describeFailure(s.namespace, record?.stacks[s.namespace], FAILED_STACK)),
    ...run.infra.flatMap((f) => describeFailure(`infra/${f.output}`, record?.infra[f.output], FAILED_INFRA)),
  ];
  if (failed.length > 0) {
    return `${head}, and the last sync did not apply it: ${failed.join(", ")}. ` +
      "The live system kept its previous state; phoenix status shows why, and another phoenix sync tries again";
  }
  if (record?.result === "running") {
    return `${head}: a sync of ${describeCommit(record.commit)} started ${record.startedAt} and has not finished (still running, or cut off); phoenix sync applies the config`;
  }
  return `${head} (phoenix sync puts them back)`;
}

function describeFailure(unit: string, entry: { result: string; commit: string; finishedAt: string } | undefined, failed: ReadonlySet<string>): string[] {
  if (entry === undefined || !failed.has(entry.result)) return [];
  return [`${unit} ${entry.result.replace("-", " ")} (${describeCommit(entry.commit)}, ${entry.finishedAt})`];
}

function describeCommit(commit: string): string {
  return commit === "" ? "a working tree" : `commit ${commit.slice(0, 12)}`;
}
