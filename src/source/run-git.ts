import { execFile } from "node:child_process";
import { createSourceError } from "./source-error.js";

/** Output of one git command: trimmed of nothing (callers split `-z` output themselves). */
export interface GitOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** Failure of a git command that ran: its exit code and what it said on stderr. */
export class GitCommandError extends Error {
  constructor(
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(stderr.trim() || `git exited with ${exitCode}`);
    this.name = "GitCommandError";
  }
}

/** A local command on a config repo; an answer that takes longer means git is stuck (a lock, a network filesystem). */
const GIT_TIMEOUT_MS = 30_000;
/** `git status` of a config repo's few hundred files is a few kilobytes. */
const GIT_MAX_OUTPUT = 16 * 2 ** 20;

/**
 * Variables that would make git read another repository than the one that
 * contains `cwd` (a hook or a shell that exported them), or take a lock.
 */
const OVERRIDDEN_ENV = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR", "GIT_NAMESPACE"];

/**
 * Runs the git CLI in `cwd`, arguments as argv (never through a shell: a
 * revision or a path is data, not a command line). Read-only by
 * construction: optional locks are off, so `git status` does not rewrite
 * the index, and a repo's `core.fsmonitor` command is not run.
 */
export async function runGit(cwd: string, args: readonly string[]): Promise<GitOutput> {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: "0", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" };
  for (const name of OVERRIDDEN_ENV) delete env[name];
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["-c", "core.fsmonitor=false", "-c", "core.quotePath=false", ...args],
      { cwd, env, timeout: GIT_TIMEOUT_MS, maxBuffer: GIT_MAX_OUTPUT, encoding: "utf8", windowsHide: true },
      (err, stdout, stderr) => {
        if (err === null) return resolve({ stdout, stderr });
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOENT") {
          return reject(
            createSourceError("SOURCE_GIT_MISSING", "the git CLI is not on PATH", {
              hint: "Install git to plan a local repository at a revision (--ref, --base, --trusted).",
            }),
          );
        }
        if (typeof code === "number") return reject(new GitCommandError(code, stderr));
        reject(createSourceError("SOURCE_READ_FAILED", `git ${args[0] ?? ""} failed`, { cause: err }));
      },
    );
  });
}
