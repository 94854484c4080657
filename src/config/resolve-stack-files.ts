import { posix } from "node:path";
import type { Diagnostic } from "../errors.js";
import type { FileTree } from "../source/file-tree.js";
import type { StackFile } from "./desired-state.js";
import type { DeclaredFile } from "./merge-stack-environments.js";
import { diagnosticAtOrigin } from "./origin.js";
import { SWARM_CONFIG_FILE_LIMIT } from "../source/read-limits.js";
import { RefusedReadError } from "../source/refused-read.js";

/** Prefix of the legacy tooling's paths on the hypervisor (the VM's NFS share). */
const HYPERVISOR_PREFIX = "persistent-storage/";

/**
 * Finds each `files[].source` in the repo: first relative to the stack
 * directory, then relative to the repo root. A `persistent-storage/…` source
 * is a file on the hypervisor (the old schema's "path to the source file on
 * the hypervisor"): kept with a warning, it has no repo path.
 */
export async function resolveStackFiles(tree: FileTree, stackDir: string, declared: readonly DeclaredFile[]): Promise<{ files: StackFile[]; diagnostics: Diagnostic[] }> {
  const files: StackFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of declared) {
    const candidates = [posix.join(stackDir, file.source), posix.normalize(file.source)].filter(isInsideRepo);
    let repoPath: string | undefined;
    let refused: RefusedReadError | undefined;
    for (const candidate of candidates) {
      const found = await probe(tree, candidate);
      if (found instanceof RefusedReadError) {
        refused = found;
        break;
      }
      if (found) {
        repoPath = candidate;
        break;
      }
    }
    if (repoPath === undefined && refused) {
      // A symlink to a host file, or a file Swarm would refuse: say so where the file is declared.
      diagnostics.push(diagnosticAtOrigin(file.origin, { code: refused.code, message: `file "${file.source}": ${refused.message}`, hint: refused.hint }));
    } else if (repoPath === undefined) {
      if (posix.normalize(file.source).startsWith(HYPERVISOR_PREFIX))
        diagnostics.push(
          diagnosticAtOrigin(file.origin, {
            severity: "warning",
            code: "CONFIG_STACK_FILE_ON_HYPERVISOR",
            message: `"${file.source}" is a path on the hypervisor, not in the repo: kept as declared, Phoenix cannot read or compare it`,
            hint: `put the file under ${stackDir}/ and give its path relative to that directory`,
          }),
        );
      else
        diagnostics.push(
          diagnosticAtOrigin(file.origin, {
            code: "CONFIG_STACK_FILE_MISSING",
            message: `file "${file.source}" not found: looked for ${candidates.length > 0 ? candidates.join(" and ") : "a path inside the repo"}`,
          }),
        );
    }
    files.push({ repoPath, source: file.source, target: file.target, origin: file.origin });
  }
  return { files, diagnostics };
}

function isInsideRepo(path: string): boolean {
  return !posix.isAbsolute(path) && path !== ".." && !path.startsWith("../");
}

/** Whether the file is there, or why it may not be read; a limit of the whole load is thrown. */
async function probe(tree: FileTree, path: string): Promise<boolean | RefusedReadError> {
  try {
    return (await tree.readBytes(path, SWARM_CONFIG_FILE_LIMIT)) !== undefined;
  } catch (err) {
    if (!(err instanceof RefusedReadError)) return false;
    if (err.repoWide) throw err;
    return err;
  }
}
