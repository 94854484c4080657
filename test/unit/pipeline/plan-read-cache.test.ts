import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { createPlanReadCache, type PlanReadCache } from "../../../src/pipeline/plan-read-cache.js";
import { runPlan } from "../../../src/pipeline/run-plan.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

const repoRoot = path.resolve(import.meta.dirname, "../../..");

describe("createPlanReadCache", () => {
  it("keeps a read for its lifetime, shares it between callers, and reads again after", async () => {
    const clock = { ms: 0 };
    const cache = createPlanReadCache({ ttlMs: 1000, now: () => clock.ms });
    let reads = 0;
    const read = async () => ++reads;
    expect(await Promise.all([cache.remember("k", read), cache.remember("k", read)])).toEqual([1, 1]);
    clock.ms = 999;
    expect(await cache.remember("k", read)).toBe(1);
    expect(await cache.remember("other", read)).toBe(2);
    clock.ms = 1000;
    expect(await cache.remember("k", read)).toBe(3);
  });

  it("does not keep a failed read", async () => {
    const cache = createPlanReadCache({ ttlMs: 60_000 });
    await expect(cache.remember("k", () => Promise.reject(new Error("probe failed")))).rejects.toThrow("probe failed");
    expect(await cache.remember("k", async () => "ok")).toBe("ok");
  });
});

describe("runPlan's reads of the live system for an untrusted tree", () => {
  /** A cache that counts what it was asked for and what it had to read. */
  function countingCache(): PlanReadCache & { keys: string[]; reads: number } {
    const inner = createPlanReadCache({ ttlMs: 60_000 });
    const counting = {
      keys: [] as string[],
      reads: 0,
      remember<T>(key: string, read: () => Promise<T>): Promise<T> {
        counting.keys.push(key);
        return inner.remember(key, () => (counting.reads++, read()));
      },
    };
    return counting;
  }

  // The bundled example manages certificates and lists readiness checks: both are read through the cache.
  const tree = () => createDirectoryTree(repoRoot);
  const plan = (reads: PlanReadCache, trusted: boolean) =>
    runPlan({ tree: tree(), port: new FakeSwarmPort(), logger: createSilentLogger(), reads, ...(trusted ? { trusted: { tree: tree(), ref: "main", commit: "c0ffee" } } : {}) });

  it("reads readiness and live certificates once for a burst of plans against one trusted commit", { timeout: 60_000 }, async () => {
    const cache = countingCache();
    for (let i = 0; i < 3; i++) expect((await plan(cache, true)).plan).toBeDefined();
    expect(cache.keys).toHaveLength(6);
    expect(cache.keys.every((k) => k.startsWith("c0ffee "))).toBe(true);
    expect(cache.keys.filter((k) => k.startsWith("c0ffee readiness ")).length).toBe(3);
    expect(cache.reads).toBe(2);
  });

  it("reads afresh when the tree is trusted (a sync, the CLI)", { timeout: 60_000 }, async () => {
    const cache = countingCache();
    expect((await plan(cache, false)).plan).toBeDefined();
    expect(cache.keys).toEqual([]);
  });
});
