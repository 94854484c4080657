import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/run-cli.js";

/**
 * The `inject-*` cases of the hostile corpus, run in this process: each is a
 * copy of the bundled example with one value that would add a directive to
 * a generated file. The corpus runner runs them again through the built CLI;
 * here they also must print exactly the errors they name, nothing more.
 */
const CORPUS = fileURLToPath(new URL("../../fixtures/hostile/", import.meta.url));
const CASES = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name.startsWith("inject-"))
  .map((entry) => entry.name)
  .sort();

/** A control character or line separator other than the newline between diagnostics. */
function hasLineBreakingCharacter(text: string): boolean {
  return [...text].some((c) => {
    const n = c.codePointAt(0) ?? 0;
    return (n < 0x20 && n !== 0x0a) || (n >= 0x7f && n <= 0x9f) || n === 0x2028 || n === 0x2029;
  });
}

interface HostileCase {
  readonly run: readonly string[];
  readonly exitCode: number;
  readonly stderr: readonly string[];
  readonly stdout: readonly string[];
  readonly absent: readonly string[];
}

describe("hostile inject-* cases", () => {
  it("has a case for each injection the issue names", () => {
    for (const name of [
      "inject-firewall-iface-newline",
      "inject-nginx-key-path",
      "inject-dns-hostname-newline",
      "inject-traefik-rule-newline",
      "inject-firewall-comment-newline",
      "inject-unicode-line-separator",
    ])
      expect(CASES).toContain(name);
  });

  describe.each(CASES)("%s", (name) => {
    const dir = path.join(CORPUS, name);
    const spec = JSON.parse(readFileSync(path.join(dir, "case.json"), "utf8")) as HostileCase;

    it("is reported by validate at the value's file:line:column, and only there", async () => {
      // validate writes nothing, so the case directory itself stands in for the runner's copy.
      const run = await runCli(spec.run.map((arg) => (arg === "{repo}" ? dir : arg)));
      expect(run.exitCode).toBe(spec.exitCode);
      for (const head of spec.stderr) expect(run.stderr).toContain(`${head} `);
      for (const text of spec.stdout) expect(run.stdout).toContain(text);
      for (const text of spec.absent) expect(run.stdout + run.stderr).not.toContain(text);
      // Every diagnostic it prints is one the case names: the injected value is the only problem.
      const diagnosticLines = run.stderr.split("\n").filter((line) => / (error|warning) /.test(line.split(": ")[0] ?? ""));
      expect(diagnosticLines).toHaveLength(spec.stderr.length);
      // A quoted bad value never breaks the printed line.
      expect(hasLineBreakingCharacter(run.stderr)).toBe(false);
    });
  });
});
