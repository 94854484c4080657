/**
 * Where infrastructure files live and where their daemons run: the local
 * machine, an LXC container, a host over SSH. Every write is atomic on the
 * target (a temporary file beside the old one, fsync, rename), so a reader
 * sees either the old file or the new one, never a partial file.
 */
export interface Target {
  readonly description: string;
  /** What is at `path` now (a symlink is reported as one, not followed). */
  read(path: string): Promise<TargetEntry>;
  /** Replaces `path` atomically; creates the parent directory when missing. */
  writeFile(path: string, content: string, mode: number): Promise<void>;
  /** Makes `path` a symlink to `linkTarget`, atomically. */
  writeSymlink(path: string, linkTarget: string): Promise<void>;
  /** Removes `path`; no error when it is already absent. */
  remove(path: string): Promise<void>;
  /** Runs a command on the target; a non-zero exit is a result, not an exception. */
  run(argv: readonly string[]): Promise<CommandResult>;
  /** A private scratch directory on the target, removed after `fn`. */
  withScratchDir<T>(fn: (dir: string) => Promise<T>): Promise<T>;
  /**
   * Removes the temporary files an earlier write of these paths left behind
   * when the process died before its rename (`.<name>.phoenix-<12 hex>`
   * beside each path); returns the paths removed.
   */
  removeStaleTemporaries(paths: readonly string[]): Promise<string[]>;
}

/** The temporary names `temporaryName` makes for `basename`, and nothing else. */
export function isTemporaryNameOf(basename: string, candidate: string): boolean {
  const prefix = `.${basename}.phoenix-`;
  return candidate.startsWith(prefix) && /^[0-9a-f]{12}$/.test(candidate.slice(prefix.length));
}

export type TargetEntry =
  | { readonly type: "missing" }
  | { readonly type: "file"; readonly content: string }
  | { readonly type: "symlink"; readonly linkTarget: string };

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What a deployment wants at one path. */
export type DesiredFile =
  | { readonly kind: "file"; readonly path: string; readonly content: string; readonly mode: number }
  | { readonly kind: "symlink"; readonly path: string; readonly linkTarget: string }
  | { readonly kind: "absent"; readonly path: string };

export function entryMatches(desired: DesiredFile, current: TargetEntry): boolean {
  switch (desired.kind) {
    case "file":
      return current.type === "file" && current.content === desired.content;
    case "symlink":
      return current.type === "symlink" && current.linkTarget === desired.linkTarget;
    case "absent":
      return current.type === "missing";
  }
}

/** Puts an entry read earlier back in place (rollback). */
export async function restoreEntry(target: Target, path: string, entry: TargetEntry, mode = 0o644): Promise<void> {
  if (entry.type === "missing") await target.remove(path);
  else if (entry.type === "file") await target.writeFile(path, entry.content, mode);
  else await target.writeSymlink(path, entry.linkTarget);
}
