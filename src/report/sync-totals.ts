/**
 * The totals a sync ends with, as `terraform apply` ends with "N added, N
 * changed, N destroyed": per kind of unit, how many ended which way. Counted
 * from the plan (what was unchanged, created or updated) and the results.
 */
import type { SyncRun } from "../pipeline/run-sync.js";

export interface SyncTotals {
  readonly stacks: {
    readonly created: number;
    readonly updated: number;
    readonly removed: number;
    readonly unchanged: number;
    readonly failed: number;
    readonly rolledBack: number;
    readonly skipped: number;
  };
  readonly infra: { readonly applied: number; readonly restored: number; readonly failed: number };
  readonly nodes: { readonly changed: number; readonly failed: number };
  /** Certificates (and CA roots in trust stores) by outcome, unchanged ones left out. */
  readonly certificates: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

export function countSyncTotals(run: SyncRun, durationMs: number): SyncTotals {
  const action = new Map((run.plan?.stacks ?? []).map((s) => [s.namespace, s.action]));
  const outcomes = run.results.map((r) => r.outcome);
  const count = <T>(items: readonly T[], match: (item: T) => boolean) => items.filter(match).length;
  const touched = new Set(run.results.map((r) => r.namespace));
  const certificates: Record<string, number> = {};
  for (const outcome of [...(run.certificates?.certificates ?? []), ...(run.certificates?.trust ?? [])].map((r) => r.outcome)) {
    if (outcome !== "unchanged") certificates[outcome] = (certificates[outcome] ?? 0) + 1;
  }
  return {
    stacks: {
      created: count(run.results, (r) => r.outcome === "applied" && action.get(r.namespace) === "create"),
      updated: count(run.results, (r) => r.outcome === "applied" && action.get(r.namespace) !== "create"),
      removed: count(outcomes, (o) => o === "removed"),
      unchanged: count(outcomes, (o) => o === "unchanged") + count(run.plan?.stacks ?? [], (s) => s.action === "unchanged" && !touched.has(s.namespace)),
      failed: count(outcomes, (o) => o === "failed"),
      rolledBack: count(outcomes, (o) => o === "rolled-back"),
      skipped: count(outcomes, (o) => o === "skipped"),
    },
    infra: {
      applied: count(run.infra ?? [], (r) => r.outcome === "applied"),
      restored: count(run.infra ?? [], (r) => r.outcome === "restored"),
      failed: count(run.infra ?? [], (r) => r.outcome === "failed"),
    },
    nodes: {
      changed: count(run.nodes ?? [], (r) => r.outcome === "applied"),
      failed: count(run.nodes ?? [], (r) => r.outcome === "failed"),
    },
    certificates,
    durationMs,
  };
}
