import { describe, expect, it } from "vitest";
import { renderDriftSummary } from "../../../src/report/render-drift-summary.js";
import type { SyncRecord } from "../../../src/reconcile/sync-record.js";

const drift = { drifted: true, stacks: [{ namespace: "web", action: "update" }], infra: [] } as never;

function record(result: SyncRecord["result"], web: SyncRecord["stacks"][string]["result"]): SyncRecord {
  const at = "2026-12-06T09:00:00.000Z";
  return { schemaVersion: 1, instance: "default", commit: "a".repeat(40), result, startedAt: at, finishedAt: at, stacks: { web: { result: web, commit: "a".repeat(40), finishedAt: at } }, infra: {} };
}

describe("drift summary", () => {
  it("promises that sync puts the units back only when the last sync did not fail on them", () => {
    expect(renderDriftSummary(drift, undefined)).toBe("drifted: 1 stack differs from the config (phoenix sync puts them back)");
    expect(renderDriftSummary(drift, record("success", "applied"))).toBe("drifted: 1 stack differs from the config (phoenix sync puts them back)");
  });

  it("after a rolled-back sync, says that sync did not apply them", () => {
    const text = renderDriftSummary(drift, record("failure", "rolled-back"));
    expect(text).toBe(
      "drifted: 1 stack differs from the config, and the last sync did not apply it: web rolled back (commit aaaaaaaaaaaa, 2026-12-06T09:00:00.000Z). " +
        "The live system kept its previous state; phoenix status shows why, and another phoenix sync tries again",
    );
    expect(text).not.toContain("puts them back");
  });

  it("says when a sync is still under way or was cut off", () => {
    expect(renderDriftSummary(drift, record("running", "applied"))).toContain("has not finished (still running, or cut off)");
  });

  it("in sync needs no record", () => {
    expect(renderDriftSummary({ drifted: false, stacks: [], infra: [] }, record("failure", "rolled-back"))).toBe("in sync: the swarm and the infra targets match the config");
  });
});
