import { SourceError, type Diagnostic } from "../errors.js";
import { formatBytes, type SizeLimit } from "./read-limits.js";
import type { SourceErrorCode } from "./source-error.js";

const NO_SYMLINK_HINT = "Commit the file itself; Phoenix reads the repository's tree and does not follow symlinks or submodules.";

/**
 * A read the load refuses: a symlink, something that is not a regular file,
 * a file over its size limit, or a read past a limit of the whole load.
 * `reason` says what is wrong without repeating the file name, for a
 * diagnostic that names the file itself.
 */
export class RefusedReadError extends SourceError {
  readonly reason: string;
  /** A limit of the whole load was reached: the load stops instead of reporting it file by file. */
  readonly repoWide: boolean;

  constructor(code: SourceErrorCode, message: string, options: { file: string; reason: string; hint?: string; repoWide?: boolean }) {
    super("source", code, message, { file: options.file, hint: options.hint });
    this.reason = options.reason;
    this.repoWide = options.repoWide ?? false;
  }
}

/** `link` (the file itself or a directory on its path) is a symlink or a submodule. */
export function refuseLink(file: string, link: string, what: "symlink" | "submodule" = "symlink"): RefusedReadError {
  const reason = `${link === file ? what : `${link} is a ${what}`}, not followed: Phoenix reads only what the config repo itself contains`;
  return new RefusedReadError("SOURCE_UNSUPPORTED_ENTRY", `${link} is a ${what} in the config repo`, { file, reason, hint: NO_SYMLINK_HINT });
}

/** A FIFO, socket or device in a working directory: reading one could block or never end. */
export function refuseSpecialFile(file: string): RefusedReadError {
  return new RefusedReadError("SOURCE_UNSUPPORTED_ENTRY", `${file} is not a regular file`, { file, reason: "not a regular file" });
}

export function refuseSize(file: string, bytes: number, limit: SizeLimit): RefusedReadError {
  const max = formatBytes(limit.maxBytes);
  // "1.0 MiB, more than the 1 MiB limit" reads wrong: just over a limit, give bytes.
  const size = formatBytes(bytes).replace(".0 ", " ") === max ? `${bytes} bytes` : formatBytes(bytes);
  const what = `${size}, more than the ${max} limit for ${limit.kind}`;
  return new RefusedReadError("SOURCE_FILE_TOO_LARGE", `${file} is ${what}`, { file, reason: `file is ${what}` });
}

/** `what` completes "… past its limit of …": `5000 files`, `64 MiB`. */
export function refuseRepoSize(file: string, what: string): RefusedReadError {
  const message = `reading ${file} takes the config repo past its limit of ${what} for one load`;
  return new RefusedReadError("SOURCE_REPO_TOO_LARGE", message, {
    file,
    reason: message,
    repoWide: true,
    hint: "Phoenix bounds what one load reads, so that a hostile pull request cannot exhaust it; a real config repo stays far below.",
  });
}

export function refuseListing(dir: string, limit: number): RefusedReadError {
  const message = `${dir} has more than ${limit} entries, the limit for one directory of the config repo`;
  return new RefusedReadError("SOURCE_REPO_TOO_LARGE", message, { file: dir, reason: message, repoWide: true });
}

/** The positioned-as-can-be diagnostic of a refused file (it has no line: the file was never read). */
export function refusedReadDiagnostic(err: RefusedReadError): Diagnostic {
  return {
    severity: "error",
    code: err.code,
    stage: "load",
    ...(err.file === undefined ? {} : { file: err.file }),
    message: err.reason,
    ...(err.hint === undefined ? {} : { hint: err.hint }),
  };
}

/**
 * Reads a file for the load: its text, or the diagnostic of a refused read
 * (symlink, size), so the rest of the repo is still checked. A limit of the
 * whole load is thrown: going on would only repeat it for every later file.
 */
/** The one read this needs of a FileTree (a structural type: file-tree.ts imports this module). */
interface TextReader {
  readText(file: string, limit?: SizeLimit): Promise<string | undefined>;
}

export async function readTextOrRefusal(tree: TextReader, file: string, limit: SizeLimit): Promise<{ text: string | undefined; refusal?: Diagnostic }> {
  try {
    return { text: await tree.readText(file, limit) };
  } catch (err) {
    if (err instanceof RefusedReadError && !err.repoWide) return { text: undefined, refusal: refusedReadDiagnostic(err) };
    throw err;
  }
}
