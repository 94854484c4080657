/**
 * Many commits at once with one `git fast-import`, without touching any ref
 * the caller can see: benchmarks pre-create the heads they will deliver, then
 * move a branch onto each one just before its webhook, as a push would.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runGit } from "../../test/helpers/git-cli.js";

export interface CommitSpec {
  /** A commit sha, or the index of an earlier spec in the same call (a chain). */
  readonly parent: string | number;
  /** Path → new content; every other file is the parent's. */
  readonly files: Readonly<Record<string, string>>;
  readonly message: string;
}

const SCRATCH_REF = "refs/phoenix-bench/import";

/**
 * Writes the commits into the repository at `repoDir` and returns their shas,
 * in order. Commit times start at `firstTime` (seconds since the epoch) and
 * grow by a minute per commit, so incremental fetches (`deepen-since`) see
 * each one as newer than the last.
 */
export async function importCommits(repoDir: string, specs: readonly CommitSpec[], firstTime: number): Promise<string[]> {
  const lines: string[] = [];
  specs.forEach((spec, i) => {
    const time = firstTime + i * 60;
    const parent = typeof spec.parent === "number" ? `:${spec.parent + 1}` : spec.parent;
    if (typeof spec.parent === "number" && spec.parent >= i) throw new Error(`commit ${i}: its parent must come before it`);
    lines.push(`commit ${SCRATCH_REF}`, `mark :${i + 1}`, `committer Phoenix Bench <bench@phoenix.invalid> ${time} +0000`, `data ${Buffer.byteLength(spec.message)}`, spec.message, `from ${parent}`);
    for (const [file, content] of Object.entries(spec.files)) lines.push(`M 100644 inline ${file}`, `data ${Buffer.byteLength(content)}`, content);
    lines.push("");
  });
  const scratch = await mkdtemp(path.join(tmpdir(), "phoenix-bench-marks-"));
  try {
    const marksFile = path.join(scratch, "marks");
    await runGit(repoDir, ["fast-import", "--quiet", "--force", `--export-marks=${marksFile}`], { input: `${lines.join("\n")}\n` });
    await runGit(repoDir, ["update-ref", "-d", SCRATCH_REF]);
    const marks = new Map((await readFile(marksFile, "utf8")).trim().split("\n").map((line) => line.split(" ") as [string, string]));
    return specs.map((_, i) => {
      const sha = marks.get(`:${i + 1}`);
      if (sha === undefined) throw new Error(`git fast-import did not report commit ${i}`);
      return sha;
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
