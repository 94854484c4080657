import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readHostileCases } from "./hostile-case.js";
import { prepareHostileRepo } from "./prepare-hostile-repo.js";
import { runMeasuredCli } from "./run-measured-cli.js";

/** What every hostile input must stay within (docs/security.md). */
const MAX_WALL_MS = 10_000;
const MAX_RSS_BYTES = 512 * 1024 * 1024;

const cases = readHostileCases();
const work = mkdtempSync(path.join(tmpdir(), "phoenix-hostile-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the hostile corpus: attacks through the config repo are refused or have no effect", () => {
  it("has a case for each attack of the security issue, and more", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  // Two cases at a time (the project's maxConcurrency): each is its own CLI process in its own directory.
  describe.each(cases.map((c) => [c.name, c] as const))("%s", (name, hostile) => {
    it.concurrent(`${hostile.why}`, { timeout: 90_000 }, async ({ expect }) => {
      const caseDir = path.join(work, name);
      const marker = path.join(caseDir, "marker-must-not-exist");
      const out = path.join(caseDir, "out");
      const { repo } = await prepareHostileRepo(hostile, caseDir, marker);
      const fill = (s: string) => s.replaceAll("{repo}", repo).replaceAll("{out}", out).replaceAll("{marker}", marker);
      const run = await runMeasuredCli(hostile.run.map(fill));
      const streams = `${run.stdout}\n${run.stderr}`;
      const context = `stdout:\n${run.stdout.slice(0, 4000)}\nstderr:\n${run.stderr.slice(0, 4000)}`;
      expect(run.signal, context).toBeUndefined();
      expect(run.exitCode, context).toBe(hostile.exitCode);
      expect(run.stderr).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
      for (const text of hostile.stderr) expect(run.stderr, context).toContain(fill(text));
      for (const text of hostile.stdout) expect(run.stdout, context).toContain(fill(text));
      for (const text of hostile.absent) expect(streams, `${fill(text)} leaked`).not.toContain(fill(text));
      for (const file of hostile.noFile) expect(existsSync(fill(file)), `${fill(file)} was created`).toBe(false);
      expect(existsSync(marker), "the injected command ran").toBe(false);
      expect(run.wallMs).toBeLessThan(MAX_WALL_MS);
      expect(run.maxRssBytes).toBeDefined();
      expect(run.maxRssBytes ?? Infinity).toBeLessThan(MAX_RSS_BYTES);
    });
  });
});
