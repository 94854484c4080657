import type { FileTree } from "../source/file-tree.js";
import type { DesiredState, StackVariable } from "../config/desired-state.js";
import type { Diagnostic } from "../errors.js";
import { loadDesiredState } from "../config/load-desired-state.js";
import { loadCompose } from "../compose/load-compose.js";
import { LruMap } from "../lru-map.js";

export interface ConfigRepoLoad {
  /** Undefined when any error was found. */
  readonly state: DesiredState | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Every stack variable declared, also when the load failed (for masking secret values). */
  readonly variables?: readonly StackVariable[];
}

/** Commits loaded lately: a pull request's base, the default branch's head between two health checks. */
const MAX_REMEMBERED_COMMITS = 8;
const loadsByCommit = new LruMap<string, Promise<ConfigRepoLoad>>(MAX_REMEMBERED_COMMITS);

/**
 * The load stage: the whole config repo, compose files included, into one
 * DesiredState. A commit's tree never changes, so the load of a git tree is
 * remembered by its commit: the long-running app loads the base of every
 * pull request and the default branch's head once, not once per event.
 * A directory is read afresh every time.
 */
export async function loadConfigRepo(tree: FileTree, options: { defaultEnvironment?: string } = {}): Promise<ConfigRepoLoad> {
  const commit = "commit" in tree && typeof tree.commit === "string" ? tree.commit : undefined;
  if (commit === undefined) return loadDesiredState(tree, { ...options, loadCompose });
  const key = `${commit} ${tree.description} ${options.defaultEnvironment ?? ""}`;
  const remembered = loadsByCommit.get(key);
  if (remembered !== undefined) return remembered;
  const load = loadDesiredState(tree, { ...options, loadCompose });
  loadsByCommit.set(key, load);
  // A load that throws (an unreadable object) is not remembered: the next run tries again.
  load.catch(() => loadsByCommit.delete(key));
  return load;
}
