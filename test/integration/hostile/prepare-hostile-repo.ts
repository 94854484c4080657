import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runGit } from "../../helpers/git-cli.js";
import type { GeneratedFile, HostileCase } from "./hostile-case.js";

/** The text fixtures write where the runner's marker path goes. */
export const MARKER_PLACEHOLDER = "__MARKER__";

export interface PreparedRepo {
  /** The working tree (or the git repo, for cases with a base). */
  readonly repo: string;
}

/**
 * Copies a case into `work` as a config repo: `__MARKER__` in every file
 * becomes the marker path, generated files are written, and a case with a
 * `base/` tree becomes a git repo with `base/` on main and the case's tree
 * on branch `head`.
 */
export async function prepareHostileRepo(hostile: HostileCase, work: string, marker: string): Promise<PreparedRepo> {
  const repo = path.join(work, "repo");
  if (!hostile.hasBase) {
    copyTree(hostile.dir, repo, marker, ["case.json", "base", "README.md"]);
    for (const file of hostile.generate) writeGenerated(repo, file);
    return { repo };
  }
  mkdirSync(repo, { recursive: true });
  await runGit(repo, ["init", "--quiet", "--initial-branch=main"]);
  copyTree(path.join(hostile.dir, "base"), repo, marker, []);
  await runGit(repo, ["add", "--all"]);
  await runGit(repo, ["commit", "--quiet", "--no-verify", "-m", "base"], { commitIndex: 1 });
  await runGit(repo, ["checkout", "--quiet", "-b", "head"]);
  for (const entry of readdirSync(repo)) if (entry !== ".git") rmSync(path.join(repo, entry), { recursive: true, force: true });
  copyTree(hostile.dir, repo, marker, ["case.json", "base", "README.md"]);
  for (const file of hostile.generate) writeGenerated(repo, file);
  await runGit(repo, ["add", "--all"]);
  await runGit(repo, ["commit", "--quiet", "--no-verify", "-m", "head"], { commitIndex: 2 });
  await runGit(repo, ["checkout", "--quiet", "main"]);
  return { repo };
}

function copyTree(from: string, to: string, marker: string, skip: readonly string[]): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (skip.includes(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target, marker, []);
    else if (entry.isSymbolicLink()) cpSync(source, target, { verbatimSymlinks: true });
    else writeFileSync(target, readFileSync(source, "utf8").replaceAll(MARKER_PLACEHOLDER, marker), { mode: statSync(source).mode });
  }
}

function writeGenerated(repo: string, file: GeneratedFile): void {
  const target = path.join(repo, file.path);
  mkdirSync(path.dirname(target), { recursive: true });
  rmSync(target, { force: true });
  switch (file.kind) {
    case "nested-json":
      writeFileSync(target, `${"[".repeat(file.depth)}${"]".repeat(file.depth)}\n`);
      return;
    case "alias-bomb":
      writeFileSync(target, renderAliasBomb(file.levels, file.width));
      return;
    case "big-file": {
      const line = `${file.line ?? "# padding"}\n`;
      writeFileSync(target, line.repeat(Math.ceil(file.bytes / line.length)));
      return;
    }
    case "symlink":
      symlinkSync(file.target, target);
      return;
  }
}

/** A compose file whose `x-bomb` expands to width^levels scalars (the billion-laughs shape). */
function renderAliasBomb(levels: number, width: number): string {
  const lines = ['version: "3.8"', 'x-l0: &l0 ["lol"]'];
  for (let level = 1; level <= levels; level++) lines.push(`x-l${level}: &l${level} [${Array.from({ length: width }, () => `*l${level - 1}`).join(", ")}]`);
  lines.push("services:", "  web:", "    image: phoenix-test/busybox:1", `    labels: { bomb: "x" }`, `x-bomb: *l${levels}`);
  return `${lines.join("\n")}\n`;
}
