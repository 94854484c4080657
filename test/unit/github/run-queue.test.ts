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
