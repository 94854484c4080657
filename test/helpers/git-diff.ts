import { runGit } from "./git-cli.js";

export interface GitChange {
  readonly path: string;
  readonly change: "added" | "modified" | "deleted";
}

/**
 * What the real `git diff --name-status` says changed between two commits,
 * with renames off (a rename is a deletion plus an addition) and a type
 * change (`T`) reported as a modification. Sorted by path.
 */
export async function listGitChanges(dir: string, from: string, to: string): Promise<GitChange[]> {
  const out = await runGit(dir, ["diff", "--name-status", "--no-renames", "-z", from, to]);
  const fields = out.split("\0").filter((f) => f !== "");
  const changes: GitChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i];
    const path = fields[i + 1] as string;
    const change = status === "A" ? "added" : status === "D" ? "deleted" : status === "M" || status === "T" ? "modified" : undefined;
    if (change === undefined) throw new Error(`unexpected git diff status ${status} for ${path}`);
    changes.push({ path, change });
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every file of a commit, as `git ls-tree -r` lists them, sorted. */
export async function listGitFiles(dir: string, commit: string): Promise<string[]> {
  const out = await runGit(dir, ["ls-tree", "-r", "-z", "--name-only", commit]);
  return out
    .split("\0")
    .filter((f) => f !== "")
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
