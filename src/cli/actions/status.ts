import { readStatus } from "../../reconcile/read-status.js";
import { renderStatusText } from "../../report/render-status-text.js";
import { loadRepoSettings } from "../../settings/load-repo-settings.js";
import { DEFAULT_INSTANCE } from "../../settings/repo-settings.js";
import { createDirectoryTree } from "../../source/file-tree.js";
import { ExitCode } from "../exit-codes.js";
import { openSwarmPort } from "../pipeline-options.js";

export interface StatusFlags {
  readonly json?: boolean;
  readonly all?: boolean;
  readonly instance?: string;
  readonly dir?: string;
}

/**
 * Per stack: services, tasks running against desired, health (crash loops
 * with the task's error), the last sync's result and the commit. This
 * instance only (`--instance`, else the `instance` of `--dir`'s settings,
 * else the default); `--all` for every instance on the swarm.
 */
export async function runStatusCommand(flags: StatusFlags): Promise<number> {
  const instance = flags.instance ?? (flags.dir === undefined ? DEFAULT_INSTANCE : (await loadRepoSettings(createDirectoryTree(flags.dir))).settings.instance);
  const status = await readStatus(await openSwarmPort(), { instance, all: flags.all === true });
  process.stdout.write(flags.json ? JSON.stringify(status, null, 2) + "\n" : renderStatusText(status));
  return ExitCode.ok;
}
