import type { Command } from "commander";
import type { SourceFlags } from "../pipeline/open-config-source.js";

export interface PipelineFlags extends SourceFlags {
  readonly json?: boolean;
}

/** The source flags shared by plan, sync and drift: `--dir DIR | --repo URL|PATH`, `--ref REV`, `--base REV`. */
export function addSourceOptions(command: Command): Command {
  return command
    .option("--dir <dir>", "a config repo working directory, read as it is, uncommitted changes included (default: the current directory)")
    .option("--repo <url|path>", "a config repo to read at --ref without a checkout (HTTPS token from PHOENIX_GIT_TOKEN)")
    .option("--ref <rev>", REF_HELP)
    .option("--base <rev>", "compare with this revision (a pull request's base): what the change touches, and the generated infrastructure files")
    .option("--trusted <rev>", "plan as a pull request: infra targets and other values that execute or connect come from this ref, never from the planned tree (default with --base: the base)")
    .option("--json", "print the result as JSON on stdout");
}

/** Shared by every command that reads the config at a revision. */
export const REF_HELP =
  "read this commit instead of the working tree: any revision git accepts (main, v1.2, HEAD~1, a short sha) of the repo that contains --dir; with --repo a branch, tag or full sha, optionally ~N/^N (default: HEAD)";

export function checkSourceFlags(flags: SourceFlags): void {
  if (flags.dir !== undefined && flags.repo !== undefined) throw new Error("--dir and --repo cannot be used together");
}
