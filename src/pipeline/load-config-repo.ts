import type { FileTree } from "../source/file-tree.js";
import type { DesiredState } from "../config/desired-state.js";
import type { Diagnostic } from "../errors.js";
import { loadDesiredState } from "../config/load-desired-state.js";
import { loadCompose } from "../compose/load-compose.js";

export interface ConfigRepoLoad {
  /** Undefined when any error was found. */
  readonly state: DesiredState | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** The load stage: the whole config repo, compose files included, into one DesiredState. */
export async function loadConfigRepo(tree: FileTree, options: { defaultEnvironment?: string } = {}): Promise<ConfigRepoLoad> {
  return loadDesiredState(tree, { ...options, loadCompose });
}
