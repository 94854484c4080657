import { describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { buildSyncRecord, parseSyncRecord, type SyncOutcome } from "../../../src/reconcile/sync-record.js";
import { formatSyncRecordName, listSyncRecords, readSyncRecord, SYNC_RECORD_LABEL, writeSyncRecord } from "../../../src/reconcile/sync-record-store.js";
import { createMemoryTree } from "../../../src/source/file-tree.js";
import { createCountingSwarmPort } from "../../../src/swarm/counting-swarm-port.js";
import { readExampleRepo } from "../impact/example-repo.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

const logger = createSilentLogger();
const A = "a".repeat(40);
const B = "b".repeat(40);
const SETTINGS = [
  "swarm: { resolveImage: never }",
  "wait: { timeoutSeconds: 10, monitorSeconds: 0 }",
  "infra: { targets: { dns: { kind: none }, firewall: { kind: none }, traefik: { kind: none }, nginx: { kind: none } } }",
].join("\n");

function outcome(commit: string, extra: Partial<SyncOutcome> = {}): SyncOutcome {
  return {
    instance: "phoenix",
    commit,
    ok: true,
    startedAt: new Date("2026-01-01T00:00:00Z"),
    finishedAt: new Date("2026-01-01T00:01:00Z"),
    declared: ["api", "web"],
    stacks: [{ namespace: "web", result: "applied" }],
    infra: [],
    ...extra,
  };
}

/** Configs of the stacks (not the record): created by the deploy itself. */
function countFileConfigs(fake: FakeSwarmPort): number {
  return [...fake.configs.values()].filter((c) => c.Spec.Labels?.[SYNC_RECORD_LABEL] === undefined).length;
}

describe("buildSyncRecord", () => {
  it("keeps the last result and commit of the stacks a later sync did not touch", () => {
    const first = buildSyncRecord(undefined, outcome(A, { stacks: [{ namespace: "api", result: "applied" }, { namespace: "web", result: "applied" }] }));
    const second = buildSyncRecord(first, outcome(B, { ok: false, stacks: [{ namespace: "web", result: "rolled-back" }], infra: [{ output: "dns", result: "applied" }] }));
    expect(second).toMatchObject({ commit: B, result: "failure", stacks: { api: { result: "applied", commit: A }, web: { result: "rolled-back", commit: B } }, infra: { dns: { result: "applied", commit: B } } });
  });

  it("drops a removed stack and one the commit no longer declares", () => {
    const first = buildSyncRecord(undefined, outcome(A, { declared: ["api", "web", "old"] }));
    const second = buildSyncRecord(first, outcome(B, { declared: ["web"], stacks: [{ namespace: "old", result: "removed" }, { namespace: "web", result: "applied" }] }));
    expect(Object.keys(second.stacks)).toEqual(["web"]);
  });

  it("round-trips through its JSON and refuses what is not a record", () => {
    const record = buildSyncRecord(undefined, outcome(A));
    expect(parseSyncRecord(JSON.stringify(record))).toEqual(record);
    expect(parseSyncRecord("{")).toBeUndefined();
    expect(parseSyncRecord(JSON.stringify({ ...record, schemaVersion: 99 }))).toBeUndefined();
  });
});

describe("the sync record in the swarm", () => {
  it("is one config per instance: created once, then only its labels are updated, one write call each", async () => {
    const port = createCountingSwarmPort(new FakeSwarmPort());
    expect(await writeSyncRecord(port, buildSyncRecord(undefined, outcome(A)), logger)).toBe(true);
    expect(await writeSyncRecord(port, buildSyncRecord(undefined, outcome(B)), logger)).toBe(true);
    expect(port.writeCalls.byMethod).toMatchObject({ createConfig: 1, updateConfig: 1 });
    expect(port.writeCalls.total).toBe(2);
    expect((await readSyncRecord(port, "phoenix"))?.record.commit).toBe(B);
    expect(await readSyncRecord(port, "other")).toBeUndefined();
    await writeSyncRecord(port, buildSyncRecord(undefined, outcome(A, { instance: "other" })), logger);
    expect((await listSyncRecords(port)).map((s) => [s.record.instance, s.record.commit])).toEqual([["other", A], ["phoenix", B]]);
  });

  it("names the config after the instance, or after its hash when the name would be refused", () => {
    expect(formatSyncRecordName("prod")).toBe("phoenix-sync-record-prod");
    expect(formatSyncRecordName("ends-with.")).toMatch(/^phoenix-sync-record-[0-9a-f]{16}$/);
    expect(formatSyncRecordName("x".repeat(63))).toMatch(/^phoenix-sync-record-[0-9a-f]{16}$/);
  });

  it("is written by a sync that deploys, and a sync that changes nothing makes zero write calls", async () => {
    const fake = new FakeSwarmPort();
    const port = createCountingSwarmPort(fake);
    const tree = createMemoryTree({ ...(await readExampleRepo()), ".github/phoenix.yml": `${SETTINGS}\n` });
    const first = await runSync({ tree, commit: A, port, logger }, { dryRun: false });
    expect(first.ok).toBe(true);
    // Marked running before the first write, then finished: one create and one label update.
    expect(port.writeCalls.byMethod).toMatchObject({ createConfig: 1 + countFileConfigs(fake), updateConfig: 1 });
    const record = (await readSyncRecord(port, "phoenix"))?.record;
    expect(record).toMatchObject({ commit: A, result: "success", instance: "phoenix" });
    expect(Object.keys(record?.stacks ?? {}).sort()).toEqual(first.desired.map((d) => d.namespace).sort());
    expect(Object.values(record?.stacks ?? {}).every((s) => s.result === "applied" && s.commit === A)).toBe(true);
    expect([...fake.configs.values()].filter((c) => c.Spec.Labels?.[SYNC_RECORD_LABEL] !== undefined)).toHaveLength(1);

    port.resetWriteCalls();
    const again = await runSync({ tree, commit: B, port, logger }, { dryRun: false });
    expect(again.ok).toBe(true);
    expect(port.writeCalls.total).toBe(0);
    expect((await readSyncRecord(port, "phoenix"))?.record.commit).toBe(A);
  });

  it("stays `running` when a sync is cut off, and the next sync, even one with nothing left to do, finishes it", async () => {
    const fake = new FakeSwarmPort();
    const port = createCountingSwarmPort(fake);
    const tree = createMemoryTree({ ...(await readExampleRepo()), ".github/phoenix.yml": `${SETTINGS}\n` });
    await runSync({ tree, commit: A, port, logger }, { dryRun: false });
    // What a sync of B killed after its writes leaves: the record marked running for B.
    const stored = await readSyncRecord(port, "phoenix");
    await writeSyncRecord(port, { ...(stored?.record ?? buildSyncRecord(undefined, outcome(A))), commit: B, result: "running" }, logger);
    port.resetWriteCalls();
    expect((await runSync({ tree, commit: B, port, logger }, { dryRun: false })).results).toEqual([]);
    expect(port.writeCalls.byMethod).toMatchObject({ updateConfig: 1 });
    expect(port.writeCalls.total).toBe(1);
    expect((await readSyncRecord(port, "phoenix"))?.record).toMatchObject({ commit: B, result: "success" });
  });

  it("a failed write loses only the record", async () => {
    const fake = new FakeSwarmPort();
    fake.createConfig = () => Promise.reject(new Error("daemon down"));
    expect(await writeSyncRecord(fake, buildSyncRecord(undefined, outcome(A)), logger)).toBe(false);
  });
});
