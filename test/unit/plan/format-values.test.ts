import { describe, expect, it } from "vitest";
import { formatGoDuration } from "../../../src/go/duration.js";
import { formatBytes, formatFileMode, formatNanoCpus } from "../../../src/plan/spec-diff/format-values.js";

describe("format-values", () => {
  it.each([
    [0, "0s"],
    [500, "500ns"],
    [1_500, "1.5µs"],
    [1_234_567, "1.234567ms"],
    [250_000_000, "250ms"],
    [1_000_000_000, "1s"],
    [1_500_000_000, "1.5s"],
    [90_000_000_000, "1m30s"],
    [7_200_000_000_000, "2h0m0s"],
  ])("formats %d ns as Go does: %s", (ns, text) => {
    expect(formatGoDuration(ns)).toBe(text);
  });

  it("formats NanoCPUs exactly, as compose writes cpus", () => {
    expect([500_000_000, 10_000_000, 2_000_000_000, 1].map(formatNanoCpus)).toEqual(["0.5", "0.01", "2", "0.000000001"]);
  });

  it("formats bytes in the largest binary unit that divides them", () => {
    expect([67_108_864, 4_194_304, 1_073_741_824, 2048, 1536].map(formatBytes)).toEqual(["64MiB", "4MiB", "1GiB", "2KiB", "1536B"]);
  });

  it("formats file modes in octal", () => {
    expect(formatFileMode(0o444)).toBe("0444");
  });
});
