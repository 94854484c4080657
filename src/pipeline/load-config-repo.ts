import type { FileTree } from "../source/file-tree.js";
import type { DesiredState, StackVariable } from "../config/desired-state.js";
import type { Diagnostic } from "../errors.js";
import { loadDesiredState } from "../config/load-desired-state.js";
import { loadCompose } from "../compose/load-compose.js";
import { LRUCache } from "lru-cache";
import { rememberComposeLoads } from "./remember-compose-loads.js";

export interface ConfigRepoLoad {
  /** Undefined when any error was found. */
  readonly state: DesiredState | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Every stack variable declared, also when the load failed (for masking secret values). */
  readonly variables?: readonly StackVariable[];
}

/** Every stack's compose load, kept by its inputs: the next commit loads only the stacks it changed. */
const loadComposeRemembered = rememberComposeLoads(loadCompose);

/** Commits loaded lately: a pull request's base, the default branch's head between two health checks. */
const MAX_REMEMBERED_COMMITS = 8;
interface LoadRequest {
  readonly tree: FileTree;
  readonly options: { defaultEnvironment?: string };
}
/**
 * `fetch` shares a load in flight between its callers and keeps no load that
 * throws (an unreadable object): the next run tries again.
 */
const loadsByCommit = new LRUCache<string, ConfigRepoLoad, LoadRequest>({
  max: MAX_REMEMBERED_COMMITS,
  // Evicting a load in flight must not turn its callers' answer into nothing.
  ignoreFetchAbort: true,
  fetchMethod: (_key, _stale, { context }) => loadDesiredState(context.tree, { ...context.options, loadCompose: loadComposeRemembered }),
});

/**
 * The load stage: the whole config repo, compose files included, into one
 * DesiredState. A commit's tree never changes, so the load of a git tree is
 * remembered by its commit: the long-running app loads the base of every
 * pull request and the default branch's head once, not once per event.
 * A directory is read afresh every time.
 */
export async function loadConfigRepo(tree: FileTree, options: { defaultEnvironment?: string } = {}): Promise<ConfigRepoLoad> {
  const commit = "commit" in tree && typeof tree.commit === "string" ? tree.commit : undefined;
  if (commit === undefined) return loadDesiredState(tree, { ...options, loadCompose: loadComposeRemembered });
  const key = `${commit} ${tree.description} ${options.defaultEnvironment ?? ""}`;
  return loadsByCommit.forceFetch(key, { context: { tree, options } });
}
