import { execa } from "execa";

/** Identity and clock for every fixture commit, so a given sequence of steps always yields the same shas. */
export const FIXTURE_AUTHOR = { name: "Phoenix Fixture", email: "fixture@phoenix.invalid" } as const;

/** Seconds since the epoch of the first fixture commit (2024-01-01T00:00:00Z); commit n is one minute later per step. */
export const FIXTURE_EPOCH = 1_704_067_200;

/**
 * The environment for the real git CLI in tests: no user or system config
 * (a developer's `commit.gpgsign` or hooks must not change a fixture), fixed
 * author and committer. `commitIndex` moves the clock so commits are ordered.
 */
export function createGitEnv(commitIndex = 0): Record<string, string> {
  const date = `${FIXTURE_EPOCH + commitIndex * 60} +0000`;
  return {
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: FIXTURE_AUTHOR.name,
    GIT_AUTHOR_EMAIL: FIXTURE_AUTHOR.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: FIXTURE_AUTHOR.name,
    GIT_COMMITTER_EMAIL: FIXTURE_AUTHOR.email,
    GIT_COMMITTER_DATE: date,
    GIT_TERMINAL_PROMPT: "0",
  };
}

/** Runs `git <args>` in `cwd` with the fixture environment and returns trimmed stdout. */
export async function runGit(cwd: string, args: readonly string[], options: { commitIndex?: number; input?: string } = {}): Promise<string> {
  const result = await execa("git", args, {
    cwd,
    env: createGitEnv(options.commitIndex),
    extendEnv: true,
    stripFinalNewline: true,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  return result.stdout;
}
