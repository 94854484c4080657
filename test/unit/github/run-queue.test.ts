import { describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { createDeliveryFilter } from "../../../src/github/runtime/delivery-filter.js";
import { createRunQueue, type PendingPush } from "../../../src/github/runtime/run-queue.js";

const logger = createSilentLogger();

describe("createRunQueue", () => {
  it("runs one job at a time per repository", async () => {
    const queue = createRunQueue(logger);
    const events: string[] = [];
    const job = (name: string) => async () => {
      events.push(`${name} start`);
      await new Promise((r) => setTimeout(r, 10));
      events.push(`${name} end`);
    };
    void queue.enqueueRun("o/a", job("a1"));
    void queue.enqueueRun("o/a", job("a2"));
    await queue.waitForIdle();
    expect(events).toEqual(["a1 start", "a1 end", "a2 start", "a2 end"]);
  });

  it("coalesces waiting pushes so only the newest runs, naming the ones it supersedes", async () => {
    const queue = createRunQueue(logger);
    const runs: PendingPush[] = [];
    let release: () => void = () => undefined;
    void queue.enqueueRun("o/r", () => new Promise<void>((r) => (release = r)));
    for (const sha of ["c1", "c2", "c3"]) void queue.enqueuePush("o/r", sha, async (push) => void runs.push(push));
    // The blocking job starts on a later tick: release it only once it runs.
    await new Promise((r) => setImmediate(r));
    release();
    await queue.waitForIdle();
    expect(runs).toEqual([{ after: "c3", superseded: ["c1", "c2"] }]);
  });

  it("runs syncs and plans of one repository in separate lanes: a deploy never waits behind plans", async () => {
    const queue = createRunQueue(logger);
    const events: string[] = [];
    let releasePlan: () => void = () => undefined;
    void queue.enqueuePlan("o/r", 1, () => new Promise<void>((r) => (releasePlan = () => (events.push("plan done"), r()))));
    void queue.enqueuePlan("o/r", 2, async () => void events.push("plan 2"));
    await queue.enqueuePush("o/r", "c1", async () => void events.push("sync c1"));
    expect(events).toEqual(["sync c1"]);
    releasePlan();
    await queue.waitForIdle();
    expect(events).toEqual(["sync c1", "plan done", "plan 2"]);
  });

  it("coalesces waiting plans per pull request: the latest head wins, other pull requests keep theirs", async () => {
    const queue = createRunQueue(logger);
    const planned: string[] = [];
    let release: () => void = () => undefined;
    void queue.enqueueRun("o/r", () => new Promise<void>((r) => (release = r)), "plan");
    for (const [pr, head] of [[1, "a1"], [2, "b1"], [1, "a2"], [1, "a3"], [2, "b2"]] as const) void queue.enqueuePlan("o/r", pr, async () => void planned.push(head));
    await new Promise((r) => setImmediate(r));
    release();
    await queue.waitForIdle();
    expect(planned).toEqual(["a3", "b2"]);
  });

  it("answers for each plan a newer head replaced, but not for a re-plan of the same head", async () => {
    const queue = createRunQueue(logger);
    const superseded: string[] = [];
    const planned: string[] = [];
    let release: () => void = () => undefined;
    void queue.enqueueRun("o/r", () => new Promise<void>((r) => (release = r)), "plan");
    const plan = (head: string | undefined) =>
      void queue.enqueuePlan("o/r", 1, async () => void planned.push(head ?? "rerun"), {
        ...(head === undefined ? {} : { head }),
        onSuperseded: async (by) => void superseded.push(`${head ?? "rerun"} by ${by}`),
      });
    for (const head of ["a1", "a2", "a2", undefined, "a3"]) plan(head);
    await new Promise((r) => setImmediate(r));
    release();
    await queue.waitForIdle();
    expect(planned).toEqual(["a3"]);
    expect(superseded).toEqual(["a1 by a2", "rerun by a3"]);
  });

  it("posts the pending status outside the lanes, and a sync's final status waits for it", async () => {
    const queue = createRunQueue(logger);
    const events: string[] = [];
    let releaseAnnounce: () => void = () => undefined;
    const announce = (sha: string) => new Promise<void>((r) => (releaseAnnounce = () => (events.push(`pending ${sha}`), r())));
    void queue.enqueuePush("o/r", "c1", async (push) => {
      events.push("sync started");
      await push.announced;
      events.push("final status");
    }, { announce, superseded: ["c0"] });
    await new Promise((r) => setTimeout(r, 5));
    expect(events).toEqual(["sync started"]);
    releaseAnnounce();
    await queue.waitForIdle();
    expect(events).toEqual(["sync started", "pending c1", "final status"]);
  });

  it("starts queued work only after the current I/O turn: the webhook is answered first", async () => {
    const queue = createRunQueue(logger);
    let started = false;
    void queue.enqueueRun("o/r", async () => void (started = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toBe(false);
    await queue.waitForIdle();
    expect(started).toBe(true);
  });

  it("carries older commits handed to a push into its superseded list", async () => {
    const queue = createRunQueue(logger);
    const runs: PendingPush[] = [];
    void queue.enqueuePush("o/r", "c2", async (push) => void runs.push(push), { superseded: ["c0", "c2"] });
    void queue.enqueuePush("o/r", "c3", async (push) => void runs.push(push), { superseded: ["c1"] });
    await queue.waitForIdle();
    expect(runs.map((r) => [r.after, r.superseded])).toEqual([["c3", ["c0", "c2", "c1"]]]);
  });

  it("keeps going after a failed job", async () => {
    const queue = createRunQueue(logger);
    let ran = false;
    void queue.enqueueRun("o/r", () => Promise.reject(new Error("boom")));
    void queue.enqueueRun("o/r", async () => void (ran = true));
    await queue.waitForIdle();
    expect(ran).toBe(true);
  });
});

describe("createDeliveryFilter", () => {
  it("accepts an id once and forgets the oldest beyond its capacity", () => {
    const filter = createDeliveryFilter(2);
    expect([filter.acceptDelivery("a"), filter.acceptDelivery("a")]).toEqual([true, false]);
    filter.acceptDelivery("b");
    filter.acceptDelivery("c");
    expect(filter.acceptDelivery("a")).toBe(true);
    expect(filter.acceptDelivery("c")).toBe(false);
  });
});
