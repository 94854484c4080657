import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../src/errors.js";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { runCli } from "../../helpers/run-cli.js";
import { parsePrintedDiagnostics, type PrintedDiagnostic } from "./printed-diagnostics.js";

/**
 * Every directory of test/fixtures/bad-config is a complete config repo with
 * one intended break (several in the many-errors cases). `expected.txt` holds
 * the errors `phoenix validate` must print, exactly and in order;
 * `expected-warnings.txt`, when present, the warnings. An empty expected.txt
 * marks a repo that is valid apart from its warnings.
 */
const CORPUS = fileURLToPath(new URL("../../fixtures/bad-config/", import.meta.url));
const CASES = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** A required file that does not exist has no line to point at: the only error printed without one. */
const MISSING_FILE_MESSAGE = "error: required file is missing";

interface Expectation {
  readonly errors: string;
  readonly warnings: string;
}

function readExpectation(dir: string): Expectation {
  const read = (name: string) => (existsSync(path.join(dir, name)) ? readFileSync(path.join(dir, name), "utf8") : undefined);
  const errors = read("expected.txt");
  if (errors === undefined) throw new Error(`${dir} has no expected.txt`);
  return { errors, warnings: read("expected-warnings.txt") ?? "" };
}

/** `file:line:column` names a file of the case and a place inside it (or the file is a required one that is missing). */
function isPositionedInside(dir: string, diagnostic: PrintedDiagnostic): boolean {
  const file = path.join(dir, diagnostic.file);
  if (diagnostic.line === undefined || diagnostic.column === undefined)
    return diagnostic.text.startsWith(`${diagnostic.file} ${MISSING_FILE_MESSAGE}\n`) && !existsSync(file);
  if (!existsSync(file)) return false;
  const line = readFileSync(file, "utf8").split("\n")[diagnostic.line - 1];
  return line !== undefined && diagnostic.column >= 1 && diagnostic.column <= line.length + 1;
}

function summaryLine(errors: number, warnings: number): string {
  return `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
}

const formatAll = (list: readonly Diagnostic[]) => list.map((d) => `${formatDiagnostic(d)}\n`).join("");

describe("phoenix validate on the bad-config corpus", () => {
  it("has at least 35 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(35);
  });

  describe.each(CASES)("%s", (name) => {
    const dir = path.join(CORPUS, name);
    const expected = readExpectation(dir);

    it("prints exactly the expected errors, each at file:line:column, and nothing else as an error", async () => {
      const run = await runCli(["validate", "--dir", dir]);
      const printed = parsePrintedDiagnostics(run.stderr);
      const errors = printed.diagnostics.filter((d) => d.severity === "error");
      const warnings = printed.diagnostics.filter((d) => d.severity === "warning");
      expect(printed.stray).toEqual([]);
      expect(errors.map((d) => d.text).join("")).toBe(expected.errors);
      expect(warnings.map((d) => d.text).join("")).toBe(expected.warnings);
      expect(errors.filter((d) => !isPositionedInside(dir, d)).map((d) => d.text)).toEqual([]);
      if (expected.errors === "") {
        expect(expected.warnings, "a case without errors must expect warnings").not.toBe("");
        expect(run.exitCode).toBe(0);
        expect(printed.summary).toBeUndefined();
        expect(run.stdout).toMatch(new RegExp(`: valid \\(.*, ${warnings.length} warnings?\\)\\n$`));
      } else {
        expect(run.exitCode).toBe(1);
        expect(printed.summary).toBe(summaryLine(errors.length, warnings.length));
        expect(run.stdout).toBe("");
      }
    });

    it("lists the same errors under --json, with file, line and column fields", async () => {
      const run = await runCli(["validate", "--dir", dir, "--json"]);
      const report = JSON.parse(run.stdout) as { valid: boolean; errors: Diagnostic[]; warnings: Diagnostic[] };
      expect(run.stderr).toBe("");
      expect(run.exitCode).toBe(expected.errors === "" ? 0 : 1);
      expect(report.valid).toBe(expected.errors === "");
      expect(formatAll(report.errors)).toBe(expected.errors);
      expect(formatAll(report.warnings)).toBe(expected.warnings);
      const printedPositions = parsePrintedDiagnostics(expected.errors).diagnostics.map(({ file, line, column }) => ({ file, line, column }));
      expect(report.errors.map(({ file, line, column }) => ({ file, line, column }))).toEqual(printedPositions);
      for (const error of report.errors) expect(error).toMatchObject({ severity: "error", stage: "load", code: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/) });
    });
  });
});
