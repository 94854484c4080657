import type { Command } from "commander";
import type { SourceFlags } from "../pipeline/open-config-source.js";

export interface PipelineFlags extends SourceFlags {
  readonly json?: boolean;
}

/** The source flags shared by plan, sync and drift: `--dir DIR | --repo URL|PATH --ref REF`, `--base REF`. */
export function addSourceOptions(command: Command): Command {
  return command
    .option("--dir <dir>", "a config repo working directory (default: the current directory)")
    .option("--repo <url|path>", "a config repo to read at --ref without a checkout (HTTPS token from PHOENIX_GIT_TOKEN)")
    .option("--ref <ref>", "branch, tag or commit of --repo", "HEAD")
    .option("--base <ref>", "compare generated infrastructure files with this commit (a pull request's base)")
    .option("--trusted <ref>", "plan as a pull request: infra targets and other values that execute or connect come from this ref, never from the planned tree (default with --base: the base)")
    .option("--json", "print the result as JSON on stdout");
}

export function checkSourceFlags(flags: SourceFlags): void {
  if (flags.dir !== undefined && flags.repo !== undefined) throw new Error("--dir and --repo cannot be used together");
}
