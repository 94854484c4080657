import { describe, expect, it } from "vitest";
import { createSyncProgressDisplay } from "../../../src/cli/sync-progress-display.js";

function stream(extra: { columns?: number; rows?: number } = {}) {
  const chunks: string[] = [];
  return { chunks, write: (text: string) => chunks.push(text), ...extra };
}

const mask = (text: string) => text.replaceAll("s3cret", "***");
const failed = { stack: "api", type: "service.failed", name: "api_app", message: "Service api_app failed: password s3cret refused", stream: "stderr", lines: ["s3cret line"] } as const;

describe("sync progress display", () => {
  it("writes plain lines without a control sequence when not on a terminal, failures on stderr, secrets masked", () => {
    const out = stream();
    const err = stream();
    let now = 0;
    const display = createSyncProgressDisplay({ out, err, live: false, maskText: mask, now: () => now });
    display.onStep({ phase: "start", unit: "stack/api", action: "update" });
    display.onEvent({ stack: "api", type: "service.update", name: "api_app", message: "Updating service api_app (id: 1)", stream: "stdout" });
    display.onEvent(failed);
    now = 4_000;
    display.onStep({ phase: "done", unit: "stack/api", outcome: "rolled-back" });
    display.stop();
    expect(out.chunks.join("")).toBe("api: updating\napi: Updating service api_app (id: 1)\napi: rolled-back after 4.0s\n");
    expect(err.chunks.join("")).toBe("api: Service api_app failed: password *** refused\napi:   | *** line\n");
    expect([...out.chunks, ...err.chunks].join("")).not.toContain("\u001b");
  });

  it("on a terminal redraws the board in place, keeps lasting lines above it, and clears it at the end", () => {
    const out = stream({ columns: 40, rows: 30 });
    let now = 0;
    const display = createSyncProgressDisplay({ out, live: true, maskText: mask, now: () => now, tickMs: 0 });
    display.onStep({ phase: "start", unit: "stack/api", action: "update" });
    expect(out.chunks).toEqual(["⠋ api: updating 0ms\n"]);
    now = 1_000;
    display.onEvent({ stack: "api", type: "service.update", name: "api_app", message: "Updating service api_app (id: 1)", stream: "stdout" });
    // Up one line, clear to the end of the screen, the board again.
    expect(out.chunks.at(-1)).toBe("\u001b[1A\r\u001b[J⠋ api: updating 1.0s\n    api_app: updating\n");
    display.onEvent(failed);
    expect(out.chunks.at(-1)).toBe("\u001b[2A\r\u001b[Japi: Service api_app failed: password …\napi:   | *** line\n⠋ api: updating 1.0s\n    api_app: failed\n");
    now = 5_000;
    display.onStep({ phase: "done", unit: "stack/api", outcome: "rolled-back" });
    expect(out.chunks.at(-1)).toBe("\u001b[2A\r\u001b[J✗ api: rolled-back after 5.0s\n");
    display.stop();
    expect(out.chunks.at(-1)).toBe("\u001b[2A\r\u001b[J✗ api: rolled-back after 5.0s\n");
  });

  it("cuts a board taller than the terminal, since the cursor cannot move above the screen", () => {
    const out = stream({ columns: 80, rows: 5 });
    const display = createSyncProgressDisplay({ out, live: true, maskText: mask, now: () => 0, tickMs: 0 });
    for (const s of ["a", "b", "c", "d", "e"]) display.onStep({ phase: "start", unit: `stack/${s}`, action: "create" });
    expect(out.chunks.at(-1)?.split("\n").slice(-4)).toEqual(["\u001b[3A\r\u001b[J⠋ a: creating 0ms", "⠋ b: creating 0ms", "… 3 more lines", ""]);
    display.stop();
    // A terminal without a size (0 rows) is not cut, and an empty board is no line at all.
    const unsized = stream({ columns: 80, rows: 0 });
    const other = createSyncProgressDisplay({ out: unsized, live: true, maskText: mask, now: () => 0, tickMs: 0 });
    for (const s of ["a", "b", "c"]) other.onStep({ phase: "start", unit: `stack/${s}`, action: "create" });
    expect(unsized.chunks.at(-1)?.split("\n")).toHaveLength(4);
    for (const s of ["a", "b", "c"]) other.onStep({ phase: "done", unit: `stack/${s}`, outcome: "applied" });
    expect(unsized.chunks.at(-1)).toBe("\u001b[1A\r\u001b[J✓ c: applied in 0ms\n");
  });
});
