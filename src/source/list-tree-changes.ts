import type { FileTree } from "./file-tree.js";
import type { GitFileTree } from "./git-tree.js";
import { listChangedPaths } from "./list-changed-paths.js";

/**
 * The paths (files) that differ between two config trees, sorted. Two
 * commits of one repository are compared by tree ids (`listChangedPaths`:
 * only differing subtrees are read); anything else, such as a working
 * directory against a commit, by listing both trees under the directories a
 * config repo consists of and comparing bytes (a working directory may hold
 * much more: build output, dependencies).
 */
export async function listTreeChanges(base: FileTree, head: FileTree): Promise<string[]> {
  if (isGitTree(base) && isGitTree(head) && base.store === head.store && base.root === head.root) {
    const changes = await listChangedPaths(head.store, base.commit, head.commit);
    if (head.root === "") return changes.map((c) => c.path);
    // Paths are the repository's; the config root's files are named relative to it.
    const prefix = `${head.root}/`;
    return changes.filter((c) => c.path.startsWith(prefix)).map((c) => c.path.slice(prefix.length));
  }
  const [before, after] = await Promise.all([listConfigFiles(base), listConfigFiles(head)]);
  const changed: string[] = [];
  for (const file of new Set([...before, ...after])) {
    if (!before.has(file) || !after.has(file)) changed.push(file);
    else if (!sameBytes(await base.readBytes(file), await head.readBytes(file))) changed.push(file);
  }
  return changed.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function isGitTree(tree: FileTree): tree is GitFileTree {
  return "commit" in tree && "store" in tree;
}

/** The top-level directories Phoenix reads: the infra config, the stacks and the repo settings. */
export const CONFIG_DIRECTORIES = ["etc", "stacks", ".github"] as const;

async function listConfigFiles(tree: FileTree): Promise<Set<string>> {
  const out = new Set<string>();
  for (const dir of CONFIG_DIRECTORIES) await collectFiles(tree, dir, out);
  return out;
}

async function collectFiles(tree: FileTree, dir: string, out: Set<string>): Promise<void> {
  for (const entry of await tree.listDir(dir)) {
    const file = `${dir}/${entry.name}`;
    // A symlink is not content of the repo: the load refuses it where it matters, the diff ignores it.
    if (entry.type === "file") out.add(file);
    else if (entry.type === "dir") await collectFiles(tree, file, out);
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
