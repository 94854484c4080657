import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { createSourceError } from "./source-error.js";

/** The git directory of a local repository and its working tree (undefined when bare). */
export interface LocalGitDir {
  readonly gitdir: string;
  readonly workdir: string | undefined;
}

/**
 * Finds the git directory of a working tree (`.git` directory, or a `.git`
 * file pointing elsewhere as submodules have) or of a bare repository.
 */
export async function findGitDir(repoPath: string): Promise<LocalGitDir> {
  const dotgit = path.join(repoPath, ".git");
  const dotgitStat = await stat(dotgit).catch(() => undefined);
  if (dotgitStat?.isDirectory()) return { gitdir: dotgit, workdir: repoPath };
  if (dotgitStat?.isFile()) {
    const pointer = /^gitdir:\s*(.+)$/m.exec(await readFile(dotgit, "utf8"))?.[1]?.trim();
    if (pointer !== undefined) {
      const gitdir = path.resolve(repoPath, pointer);
      // A worktree keeps refs and objects in its "commondir", which isomorphic-git does not follow.
      if (await isFile(path.join(gitdir, "commondir"))) {
        throw createSourceError("SOURCE_NOT_A_REPO", `${repoPath} is a git worktree`, {
          hint: "Point Phoenix at the main checkout of the repository.",
        });
      }
      if (await isGitDir(gitdir)) return { gitdir, workdir: repoPath };
    }
  }
  if (await isGitDir(repoPath)) return { gitdir: repoPath, workdir: undefined };
  throw createSourceError("SOURCE_NOT_A_REPO", `${repoPath} is not a git repository`, {
    hint: "Pass the root of a git checkout, a bare repository, or an https:// URL.",
  });
}

async function isGitDir(dir: string): Promise<boolean> {
  return (await isFile(path.join(dir, "HEAD"))) && (await stat(path.join(dir, "objects")).catch(() => undefined))?.isDirectory() === true;
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() === true;
}
