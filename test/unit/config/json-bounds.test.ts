import { describe, expect, it } from "vitest";
import { findNestingPastLimit, parseJsonDocument } from "../../../src/config/json-document.js";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { buildRepo, loadRepo } from "./config-repo.js";

describe("JSON nesting", () => {
  const nested = (depth: number) => `{"a": ${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;

  it("accepts 64 levels and refuses 65 at the bracket that opens it", () => {
    expect(parseJsonDocument("x.json", nested(64)).diagnostics).toEqual([]);
    expect(parseJsonDocument("x.json", nested(65)).diagnostics.map(formatDiagnostic)).toEqual(["x.json:1:70 error: JSON nesting deeper than 64 levels"]);
  });

  it("refuses a million levels before anything recurses, in well under a second", () => {
    const started = performance.now();
    const text = `{\n  "vms": ${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}\n}\n`;
    const result = parseJsonDocument("etc/phoenix_vm_configs.json", text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.doc).toBeUndefined();
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(["etc/phoenix_vm_configs.json:2:73 error: JSON nesting deeper than 64 levels"]);
  });

  it("does not count brackets inside strings (escaped quotes included) or comments", () => {
    const text = `{"a": "[[[[\\"{{{{", "b": [1] /* [[[[ */ // {{{{\n}`;
    expect(findNestingPastLimit(text, 2)).toBeUndefined();
    expect(findNestingPastLimit(text, 1)).toBe(text.indexOf("[1]"));
    expect(findNestingPastLimit(`["]", [[`, 2)).toBe(7);
  });
});

describe("JSON config file sizes", () => {
  it("refuses a config file over 1 MiB by name, and still checks the rest of the repo", async () => {
    const big = `{"domain_name": "internal.example.test", "padding": "${"x".repeat(1024 * 1024)}"}`;
    const result = await loadRepo(buildRepo({ files: { "etc/phoenix_hypervisor_config.json": big, "stacks/app/phoenix.json": "{ nope" } }));
    expect(result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([
      `etc/phoenix_hypervisor_config.json error: file is ${big.length} bytes, more than the 1 MiB limit for JSON config files`,
      "stacks/app/phoenix.json:1:3 error: invalid JSON: unexpected character (JSON allows no comments, single quotes or unquoted names)",
    ]);
  });
});
