import type { GitObjectStore, GitTreeEntry } from "./git-object-store.js";

export type PathChange = "added" | "modified" | "deleted";

/** A file (or symlink, or submodule) that differs between two commits. */
export interface ChangedPath {
  /** POSIX path relative to the repo root. */
  readonly path: string;
  readonly change: PathChange;
}

/**
 * The files that differ between two commits, sorted by path. Equal tree oids
 * mean equal contents, so only subtrees whose oids differ are read: a one-file
 * change in a repo of hundreds of stacks reads a handful of trees and no blob.
 * A file that became a directory (or back) is a deletion plus additions; a
 * rename is a deletion plus an addition. `from` undefined means "nothing
 * before": every file of `to` is added.
 */
export async function listChangedPaths(store: GitObjectStore, from: string | undefined, to: string): Promise<ChangedPath[]> {
  const [fromTree, toTree] = await Promise.all([from === undefined ? undefined : store.readCommitTree(from), store.readCommitTree(to)]);
  const changes: ChangedPath[] = [];
  await diffTrees(store, fromTree, toTree, "", changes);
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function diffTrees(
  store: GitObjectStore,
  before: string | undefined,
  after: string | undefined,
  prefix: string,
  changes: ChangedPath[],
): Promise<void> {
  if (before === after) return;
  const [beforeEntries, afterEntries] = await Promise.all([readEntries(store, before), readEntries(store, after)]);
  const unmatched = new Map<string, GitTreeEntry>();
  for (const entry of beforeEntries) unmatched.set(entry.name, entry);

  const subtrees: Promise<void>[] = [];
  for (const next of afterEntries) {
    const previous = unmatched.get(next.name);
    unmatched.delete(next.name);
    // Checked here rather than in diffEntries so an unchanged sibling costs no promise.
    if (previous !== undefined && previous.oid === next.oid && previous.mode === next.mode) continue;
    diffEntries(store, previous, next, prefix + next.name, changes, subtrees);
  }
  for (const previous of unmatched.values()) diffEntries(store, previous, undefined, prefix + previous.name, changes, subtrees);
  await Promise.all(subtrees);
}

function diffEntries(
  store: GitObjectStore,
  previous: GitTreeEntry | undefined,
  next: GitTreeEntry | undefined,
  path: string,
  changes: ChangedPath[],
  subtrees: Promise<void>[],
): void {
  const previousTree = previous?.type === "tree" ? previous.oid : undefined;
  const nextTree = next?.type === "tree" ? next.oid : undefined;
  if (previousTree !== undefined || nextTree !== undefined) {
    subtrees.push(diffTrees(store, previousTree, nextTree, path + "/", changes));
  }
  const previousFile = previous !== undefined && previous.type !== "tree";
  const nextFile = next !== undefined && next.type !== "tree";
  if (previousFile && nextFile) changes.push({ path, change: "modified" });
  else if (previousFile) changes.push({ path, change: "deleted" });
  else if (nextFile) changes.push({ path, change: "added" });
}

function readEntries(store: GitObjectStore, oid: string | undefined): Promise<readonly GitTreeEntry[]> | readonly GitTreeEntry[] {
  return oid === undefined ? [] : store.readTree(oid);
}
