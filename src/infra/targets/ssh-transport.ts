import { InfraError } from "../../errors.js";
import { runLocalCommand } from "./local-target.js";
import type { ShellTransport } from "./shell-target.js";
import { quoteShellCommand } from "./shell-quote.js";

export interface SshTransportOptions {
  /** `user@host` or a Host alias of the ssh config. */
  readonly destination: string;
  readonly port?: number;
  readonly identityFile?: string;
  /** Extra `-o` options, e.g. `StrictHostKeyChecking=yes`, `UserKnownHostsFile=…`. */
  readonly sshOptions?: readonly string[];
}

/** A host over SSH: `ssh` for commands, `scp` for files; never asks for a password. */
export function createSshTransport(options: SshTransportOptions): ShellTransport {
  const common = ["-o", "BatchMode=yes", ...(options.sshOptions ?? []).flatMap((o) => ["-o", o]), ...(options.identityFile ? ["-i", options.identityFile] : [])];
  const description = `ssh ${options.destination}`;
  return {
    description,
    exec(argv) {
      // ssh joins its arguments into one string for the remote shell: quote them.
      return runLocalCommand(["ssh", ...common, ...(options.port ? ["-p", String(options.port)] : []), options.destination, "--", quoteShellCommand(argv)]);
    },
    async push(localFile, remotePath) {
      const result = await runLocalCommand(["scp", "-q", ...common, ...(options.port ? ["-P", String(options.port)] : []), localFile, `${options.destination}:${remotePath}`]);
      if (result.exitCode !== 0)
        throw new InfraError("apply", "INFRA_PUSH_FAILED", `${description}: scp to ${remotePath} failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
    },
  };
}
