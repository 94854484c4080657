import { chmod, copyFile } from "node:fs/promises";
import { runLocalCommand } from "../../../src/infra/targets/local-target.js";
import type { ShellTransport } from "../../../src/infra/targets/shell-target.js";

/** A ShellTransport onto this machine, so the shell target's scripts run for real under sh. */
export function createLocalShellTransport(): ShellTransport {
  return {
    description: "local shell",
    exec: (argv) => runLocalCommand(argv),
    async push(localFile, remotePath, mode) {
      await copyFile(localFile, remotePath);
      await chmod(remotePath, mode);
    },
  };
}
