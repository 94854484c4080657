import { describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { startReconcileLoop, type ReconcilePass } from "../../../src/reconcile/reconcile-loop.js";

const logger = createSilentLogger();

function createLoop(intervals: Record<string, number>, retries: string[] = []) {
  const clock = { ms: 0 };
  const passes: { repo: string; atMs: number; pass: ReconcilePass }[] = [];
  let repos = Object.keys(intervals);
  const loop = startReconcileLoop<string>({
    listRepos: async () => repos,
    keyOf: (r) => r,
    reconcileRepo: async (repo, pass) => {
      passes.push({ repo, atMs: clock.ms, pass });
      if (intervals[repo] === -1) throw new Error("fetch failed");
      return { intervalSeconds: intervals[repo] ?? 180 };
    },
    listDueRetries: () => retries,
    logger,
    now: () => clock.ms,
    tickMs: 3_600_000,
    runAtStart: false,
  });
  return { clock, passes, loop, setRepos: (r: string[]) => (repos = r) };
}

describe("startReconcileLoop (a clock moved by hand)", () => {
  it("passes over every repository at start, then each after its own interval", async () => {
    const { clock, passes, loop } = createLoop({ "o/fast": 10, "o/slow": 180 });
    await loop.runDue();
    expect(passes.map((p) => [p.repo, p.pass.first])).toEqual([["o/fast", true], ["o/slow", true]]);
    clock.ms = 9_999;
    await loop.runDue();
    expect(passes).toHaveLength(2);
    clock.ms = 10_000;
    await loop.runDue();
    expect(passes.slice(2).map((p) => [p.repo, p.pass.first])).toEqual([["o/fast", false]]);
    clock.ms = 180_000;
    await loop.runDue();
    expect(passes.slice(3).map((p) => p.repo)).toEqual(["o/fast", "o/slow"]);
    loop.stop();
  });

  it("looks again after the default pace when automatic syncs are suspended (0), and after a failed pass", async () => {
    const { clock, passes, loop } = createLoop({ "o/off": 0, "o/broken": -1 });
    await loop.runDue();
    clock.ms = 179_999;
    await loop.runDue();
    expect(passes).toHaveLength(2);
    clock.ms = 180_000;
    await loop.runDue();
    expect(passes).toHaveLength(4);
    loop.stop();
  });

  it("runs a repository whose retry is due before its interval is over", async () => {
    const retries: string[] = [];
    const { clock, passes, loop } = createLoop({ "o/r": 180 }, retries);
    await loop.runDue();
    clock.ms = 20_000;
    retries.push("o/r");
    await loop.runDue();
    expect(passes.map((p) => p.atMs)).toEqual([0, 20_000]);
    loop.stop();
  });

  it("reads the repository list again after a minute: a new installation gets its first pass", async () => {
    const { clock, passes, loop, setRepos } = createLoop({ "o/a": 10, "o/b": 10 });
    setRepos(["o/a"]);
    await loop.runDue();
    setRepos(["o/a", "o/b"]);
    clock.ms = 30_000;
    await loop.runDue();
    expect(passes.map((p) => p.repo)).toEqual(["o/a", "o/a"]);
    clock.ms = 60_000;
    await loop.runDue();
    expect(passes.slice(2).map((p) => [p.repo, p.pass.first])).toEqual([["o/a", false], ["o/b", true]]);
    loop.stop();
  });
});
