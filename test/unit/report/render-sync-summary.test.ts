import { describe, expect, it } from "vitest";
import type { SyncRun } from "../../../src/pipeline/run-sync.js";
import { formatDuration, renderSyncResult, renderSyncTotals } from "../../../src/report/render-sync-summary.js";
import { countSyncTotals } from "../../../src/report/sync-totals.js";

const writeCalls = { total: 0, byMethod: {} } as never;

/** A sync of five stacks: one created, one updated, one rolled back, one unchanged, one skipped; two infra outputs. */
function syncRun(): SyncRun {
  const deploy = (stack: string, outcome: "applied" | "rolled-back", verifications: unknown[] = []) =>
    ({ stack, outcome, objects: [], verifications, warnings: [], writeCalls, durationMs: 1 }) as never;
  return {
    plan: {
      stacks: [
        { namespace: "new", action: "create" },
        { namespace: "web", action: "update" },
        { namespace: "api", action: "update" },
        { namespace: "db", action: "unchanged" },
        { namespace: "worker", action: "update" },
      ],
    },
    results: [
      { namespace: "new", outcome: "applied", deploy: deploy("new", "applied") },
      { namespace: "web", outcome: "applied", deploy: deploy("web", "applied") },
      {
        namespace: "api",
        outcome: "rolled-back",
        deploy: deploy("api", "rolled-back", [
          { service: "api_app", id: "1", outcome: "rolled-back", reason: "task: non-zero exit (1)", rollback: { state: "rollback_completed", running: 2, desired: 2 }, logs: ["boom"] },
          { service: "api_side", id: "2", outcome: "rolled-back", causedBy: "api_app", rollback: { state: "rollback_completed", running: 1, desired: 1 } },
          { service: "api_ok", id: "3", outcome: "converged" },
        ]),
      },
      { namespace: "worker", outcome: "skipped", error: "not deployed: api, which it depends on, did not converge" },
    ],
    infra: [
      { output: "dns", target: "local", outcome: "applied", changed: ["/etc/dnsmasq.d/x.conf"] },
      { output: "traefik", target: "lxc 102", outcome: "restored", changed: [], error: "reload failed" },
    ],
    nodes: [{ node: "n1", id: "x", outcome: "applied", changed: ["phoenix.vm=1001"] }],
    ok: false,
  } as unknown as SyncRun;
}

describe("sync totals", () => {
  it("counts stacks by how they ended, created and updated told apart by the plan", () => {
    const totals = countSyncTotals(syncRun(), 83_000);
    expect(totals.stacks).toEqual({ created: 1, updated: 1, removed: 0, unchanged: 1, failed: 0, rolledBack: 1, skipped: 1 });
    expect(totals.infra).toEqual({ applied: 1, restored: 1, failed: 0 });
    expect(renderSyncTotals(totals)).toBe(
      [
        "stacks: 1 created, 1 updated, 0 removed, 1 unchanged, 0 failed, 1 rolled back, 1 skipped",
        "infra outputs: 1 applied, 1 restored, 0 failed",
        "node labels: 1 node changed, 0 failed",
        "duration: 1m23s",
      ].join("\n"),
    );
  });

  it("formats durations as a person reads them", () => {
    expect([formatDuration(850), formatDuration(12_340), formatDuration(125_000)]).toEqual(["850ms", "12.3s", "2m05s"]);
  });
});

describe("sync result", () => {
  it("lists each unit in apply order, and under a rolled-back stack how each service's rollback ended, with the task's lines", () => {
    expect(renderSyncResult(syncRun(), "").split("\n")).toEqual([
      "infra/dns on local: applied (/etc/dnsmasq.d/x.conf)",
      "node/n1: applied (phoenix.vm=1001)",
      "new: applied",
      "web: applied",
      "api: rolled-back",
      "  api_app: rolled back (rollback_completed, 2/2 tasks running): task: non-zero exit (1)",
      "    last line of the failed task:",
      "    | boom",
      "  api_side: rolled back (rollback_completed, 1/1 tasks running): with api_app, which failed",
      "worker: skipped (not deployed: api, which it depends on, did not converge)",
      "infra/traefik on lxc 102: restored (reload failed)",
    ]);
  });
});
