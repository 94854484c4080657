import { CERTIFICATES_FILE, HYPERVISOR_FILE, LXC_FILE, STACKS_FILE, VM_FILE } from "../config/config-files.js";
import { REPO_SETTINGS_FILE } from "../settings/repo-settings.js";

/**
 * The fast filter of impact analysis: which parts of the model a set of
 * changed paths can have touched. Everything it rules out is not compared.
 */
export interface ChangedAreas {
  /** No base commit: every unit is a candidate. */
  readonly everything: boolean;
  readonly settings: boolean;
  readonly hypervisor: boolean;
  readonly lxc: boolean;
  readonly vm: boolean;
  readonly stacksConfig: boolean;
  readonly certificates: boolean;
  /** Some path under `stacks/` (a compose file, a manifest, a mounted file). */
  readonly stackFiles: boolean;
  /** Every changed path, normalised, for per-stack lookups. */
  readonly paths: ReadonlySet<string>;
}

export function classifyChangedPaths(changedPaths: readonly string[], hasBase: boolean): ChangedAreas {
  const paths = new Set(changedPaths.map(normalizeRepoPath));
  return {
    everything: !hasBase,
    settings: paths.has(REPO_SETTINGS_FILE),
    hypervisor: paths.has(HYPERVISOR_FILE.path),
    lxc: paths.has(LXC_FILE.path),
    vm: paths.has(VM_FILE.path),
    stacksConfig: paths.has(STACKS_FILE.path),
    certificates: paths.has(CERTIFICATES_FILE.path),
    stackFiles: [...paths].some((p) => p.startsWith("stacks/")),
    paths,
  };
}

/** `./stacks/a/../b/x` → `stacks/b/x`: the form git and the FileTree use. */
export function normalizeRepoPath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") out.pop();
    else out.push(segment);
  }
  return out.join("/");
}

/** True when `path` is the file `file` or lies under the directory `file`. */
export function isPathWithin(path: string, file: string): boolean {
  return path === file || path.startsWith(`${file}/`);
}
