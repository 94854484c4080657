import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runGit } from "./git-cli.js";

/** One commit: files to write (path → content) or delete (path → null; a directory is removed whole). */
export interface FixtureStep {
  readonly files: Readonly<Record<string, string | null>>;
  readonly message: string;
}

/** One commit whose tree is exactly the contents of a directory on disk. */
export interface FixtureSnapshot {
  readonly dir: string;
  readonly message: string;
}

/** A real git repository (with a working tree) built by the git CLI. */
export interface FixtureRepo {
  /** The working tree; its `.git` is the repository. */
  readonly dir: string;
  readonly branch: string;
  /** Commit shas in the order they were made. */
  readonly commits: readonly string[];
  /** Applies one more step on top of the branch and returns its sha; anything else changed in `dir` is committed too. */
  commit(step: FixtureStep): Promise<string>;
  /** Makes the tree exactly `snapshot.dir` and commits it. */
  commitSnapshot(snapshot: FixtureSnapshot): Promise<string>;
  /** Creates a tag (annotated when a message is given) at `commit` (default: the last one). */
  tag(name: string, options?: { commit?: string; message?: string }): Promise<void>;
  remove(): Promise<void>;
}

/** Builds a repository from steps, like changesets' gitdir helper but with real commits. */
export async function createFixtureRepo(steps: readonly FixtureStep[], options: { branch?: string } = {}): Promise<FixtureRepo> {
  const repo = await initFixtureRepo(options.branch ?? "main");
  for (const step of steps) await repo.commit(step);
  return repo;
}

/** Builds a repository with one commit per directory, e.g. `test/fixtures/config-repos/<scenario>/<step>/`. */
export async function createFixtureRepoFromDirectories(
  snapshots: readonly FixtureSnapshot[],
  options: { branch?: string } = {},
): Promise<FixtureRepo> {
  const repo = await initFixtureRepo(options.branch ?? "main");
  for (const snapshot of snapshots) await repo.commitSnapshot(snapshot);
  return repo;
}

async function initFixtureRepo(branch: string): Promise<FixtureRepo> {
  const dir = await mkdtemp(path.join(tmpdir(), "phoenix-fixture-"));
  await runGit(dir, ["init", "--quiet", `--initial-branch=${branch}`]);
  const commits: string[] = [];

  const commitAll = async (message: string): Promise<string> => {
    await runGit(dir, ["add", "--all"]);
    await runGit(dir, ["commit", "--quiet", "--allow-empty", "--no-verify", "-m", message], { commitIndex: commits.length });
    const sha = await runGit(dir, ["rev-parse", "HEAD"]);
    commits.push(sha);
    return sha;
  };

  return {
    dir,
    branch,
    commits,
    async commit(step) {
      // Deletions first, so one step can turn a file into a directory (or back).
      const entries = Object.entries(step.files);
      for (const [file, content] of entries) {
        if (content === null) await rm(resolveInside(dir, file), { recursive: true, force: true });
      }
      for (const [file, content] of entries) {
        if (content === null) continue;
        const full = resolveInside(dir, file);
        await mkdir(path.dirname(full), { recursive: true });
        await writeFile(full, content);
      }
      return commitAll(step.message);
    },
    async commitSnapshot(snapshot) {
      for (const name of await readdir(dir)) {
        if (name !== ".git") await rm(path.join(dir, name), { recursive: true, force: true });
      }
      await cp(snapshot.dir, dir, { recursive: true });
      return commitAll(snapshot.message);
    },
    async tag(name, tagOptions = {}) {
      const target = tagOptions.commit ?? commits.at(-1) ?? "HEAD";
      const args = tagOptions.message === undefined ? ["tag", name, target] : ["tag", "-a", "-m", tagOptions.message, name, target];
      await runGit(dir, args, { commitIndex: commits.length });
    },
    async remove() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function resolveInside(root: string, file: string): string {
  const full = path.resolve(root, file);
  if (!full.startsWith(root + path.sep)) throw new Error(`fixture path escapes the repo: ${file}`);
  return full;
}
