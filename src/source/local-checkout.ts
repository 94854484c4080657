import path from "node:path";
import { GitCommandError, runGit } from "./run-git.js";
import { createSourceError } from "./source-error.js";

/** The git checkout that contains a config directory, as the git CLI sees it. */
export interface LocalCheckout {
  /** The root of the working tree. */
  readonly toplevel: string;
  /** The config directory inside the repository, POSIX, "" at the root (`infra` for `<toplevel>/infra`). */
  readonly prefix: string;
  /** The directory holding the objects (a linked worktree's common git directory). */
  readonly objectsGitdir: string;
}

/**
 * The checkout that contains `dir` (`dir` itself or any parent), or
 * undefined when `dir` is in no git working tree. Other failures (an unsafe
 * owner, a broken repository) are errors: planning without the commit would
 * hide them.
 */
export async function findLocalCheckout(dir: string): Promise<LocalCheckout | undefined> {
  let out: string;
  try {
    out = (await runGit(dir, ["rev-parse", "--show-toplevel", "--show-prefix", "--git-common-dir"])).stdout;
  } catch (err) {
    if (err instanceof GitCommandError && /not a git repository|must be run in a work tree/i.test(err.stderr)) return undefined;
    throw gitFailure(err, `cannot read the git repository of ${dir}`);
  }
  const [toplevel = "", prefix = "", commonDir = ""] = out.split("\n");
  return { toplevel, prefix: prefix.replace(/\/$/, ""), objectsGitdir: path.resolve(dir, commonDir) };
}

/**
 * The commit any git revision names (`HEAD~1`, `main@{1}`, a short sha, a
 * tag), resolved by `git rev-parse` itself. A revision that starts with `-`
 * is refused: git would read it as an option.
 */
export async function resolveLocalRevision(checkout: LocalCheckout, revision: string): Promise<string> {
  checkRevisionText(revision);
  try {
    const out = await runGit(checkout.toplevel, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`]);
    return out.stdout.trim();
  } catch (err) {
    if (err instanceof GitCommandError) {
      throw createSourceError("SOURCE_REF_NOT_FOUND", `no commit named ${revision} in ${checkout.toplevel}`, {
        hint: "Name a branch, tag, sha or any revision git accepts (HEAD~1, main@{1}); `git rev-parse --verify` shows what git makes of it.",
      });
    }
    throw err;
  }
}

/** The HEAD commit, or undefined in a repository without commits yet. */
export async function resolveLocalHead(checkout: LocalCheckout): Promise<string | undefined> {
  return resolveLocalRevision(checkout, "HEAD").catch((err: unknown) => {
    if ((err as { code?: unknown }).code === "SOURCE_REF_NOT_FOUND") return undefined;
    throw err;
  });
}

/**
 * Files under `dirs` of the config directory that differ from HEAD: staged,
 * unstaged and untracked (ignored files are not counted, as for
 * `git describe --dirty`). Paths are relative to the toplevel.
 */
export async function listUncommittedPaths(checkout: LocalCheckout, dirs: readonly string[]): Promise<string[]> {
  const pathspecs = dirs.map((d) => (checkout.prefix === "" ? d : `${checkout.prefix}/${d}`));
  let out: string;
  try {
    out = (await runGit(checkout.toplevel, ["--literal-pathspecs", "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", ...pathspecs]))
      .stdout;
  } catch (err) {
    throw gitFailure(err, `cannot read the status of ${checkout.toplevel}`);
  }
  // `XY path\0` per entry; without renames there is no second path.
  return out
    .split("\0")
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3));
}

/** A revision that git could take for an option, or that holds characters no ref name has. */
export function checkRevisionText(revision: string): void {
  if (revision === "" || revision.startsWith("-") || /[\0\n\r]/.test(revision)) {
    throw createSourceError("SOURCE_REF_UNSUPPORTED", `not a revision: ${JSON.stringify(revision)}`, {
      hint: "A revision never starts with '-' and holds no control characters; name a branch, tag or sha.",
    });
  }
}

function gitFailure(err: unknown, message: string): Error {
  if (err instanceof GitCommandError) return createSourceError("SOURCE_READ_FAILED", `${message}: ${err.stderr.trim().split("\n")[0] ?? ""}`);
  return err instanceof Error ? err : new Error(String(err));
}
