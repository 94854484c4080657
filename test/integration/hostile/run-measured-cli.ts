import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { execa } from "execa";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const CLI = path.join(repoRoot, "dist", "cli", "main.js");

/** A hard bound far above the 10 s a case may take: a hung run fails the test instead of the suite. */
const KILL_AFTER_MS = 60_000;

export interface MeasuredRun {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  /** Peak resident set size of the process, from its own resource usage at exit; undefined when it died before. */
  readonly maxRssBytes: number | undefined;
  readonly signal: string | undefined;
}

/** The preload that reports the process's own peak RSS when it exits (also through process.exit). */
const PRELOAD = `import { writeFileSync } from "node:fs";
process.on("exit", () => { try { writeFileSync(process.env.PHOENIX_TEST_RUSAGE, String(process.resourceUsage().maxRSS * 1024)); } catch {} });
`;

/** Runs the built `phoenix` CLI as its own process and measures it as a user would see it. */
export async function runMeasuredCli(args: readonly string[], env: Record<string, string> = {}): Promise<MeasuredRun> {
  const dir = mkdtempSync(path.join(tmpdir(), "phoenix-measure-"));
  const preload = path.join(dir, "report-rss.mjs");
  const usage = path.join(dir, "rusage");
  writeFileSync(preload, PRELOAD);
  const started = performance.now();
  try {
    const result = await execa(process.execPath, ["--import", pathToFileURL(preload).href, CLI, ...args], {
      reject: false,
      timeout: KILL_AFTER_MS,
      env: { PHOENIX_TEST_RUSAGE: usage, NO_COLOR: "1", ...env },
      stdin: "ignore",
      maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = performance.now() - started;
    let maxRssBytes: number | undefined;
    try {
      maxRssBytes = Number(readFileSync(usage, "utf8"));
    } catch {
      maxRssBytes = undefined;
    }
    return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr), wallMs, maxRssBytes, signal: result.signal ?? undefined };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
