import { InfraError } from "../../errors.js";
import { runLocalCommand } from "./local-target.js";
import { checkSafePath } from "./safe-path.js";
import type { ShellTransport } from "./shell-target.js";
import { quoteShellCommand } from "./shell-quote.js";
import { checkSshHost, checkSshOption, checkSshUser, hasControlCharacter } from "./ssh-options.js";

export interface SshTransportOptions {
  /** `user@host` or a Host alias of the ssh config. */
  readonly destination: string;
  readonly port?: number;
  readonly identityFile?: string;
  /** Extra `-o` options, e.g. `StrictHostKeyChecking=yes`, `UserKnownHostsFile=…`: only those `checkSshOption` allows. */
  readonly sshOptions?: readonly string[];
  /**
   * A ControlMaster socket shared by every command of this transport. Set by
   * code only (tests run dozens of commands), never from the settings: a
   * repo could point it at another connection's socket.
   */
  readonly controlPath?: string;
  /** The `ssh` and `scp` binaries; default from PATH (tests point them at stand-ins). */
  readonly ssh?: string;
  readonly scp?: string;
}

/**
 * A host over SSH: `ssh` for commands, `scp` for files; never asks for a
 * password. Refuses (InfraError `INFRA_SSH_OPTIONS_INVALID`) options the
 * settings schema would have refused, in case a caller skipped it.
 */
export function createSshTransport(options: SshTransportOptions): ShellTransport {
  const problems = checkSshTransportOptions(options);
  if (problems.length > 0)
    throw new InfraError("apply", "INFRA_SSH_OPTIONS_INVALID", `ssh target refused: ${problems.join("; ")}`, {
      hint: "see the ssh target rules in docs/settings.md",
    });
  // ssh takes the FIRST value it sees for an option: BatchMode=yes leads, so no later option can turn password prompts back on.
  const common = [
    "-o",
    "BatchMode=yes",
    ...(options.sshOptions ?? []).flatMap((o) => ["-o", o]),
    ...(options.controlPath ? ["-o", "ControlMaster=auto", "-o", `ControlPath=${options.controlPath}`, "-o", "ControlPersist=30"] : []),
    ...(options.identityFile ? ["-i", options.identityFile] : []),
  ];
  const description = `ssh ${options.destination}`;
  const ssh = options.ssh ?? "ssh";
  const scp = options.scp ?? "scp";
  return {
    description,
    exec(argv) {
      // ssh joins its arguments into one string for the remote shell: quote them.
      return runLocalCommand([ssh, ...common, ...(options.port ? ["-p", String(options.port)] : []), "--", options.destination, quoteShellCommand(argv)]);
    },
    async push(localFile, remotePath) {
      const result = await runLocalCommand([
        scp,
        "-q",
        ...common,
        ...(options.port ? ["-P", String(options.port)] : []),
        "--",
        localFile,
        `${scpHost(options.destination)}:${remotePath}`,
      ]);
      if (result.exitCode !== 0)
        throw new InfraError("apply", "INFRA_PUSH_FAILED", `${description}: scp to ${remotePath} failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
    },
  };
}

/** Every reason the options cannot be used; empty when they can. */
export function checkSshTransportOptions(options: SshTransportOptions): string[] {
  const problems: string[] = [];
  const at = options.destination.lastIndexOf("@");
  const user = at === -1 ? undefined : options.destination.slice(0, at);
  const host = at === -1 ? options.destination : options.destination.slice(at + 1);
  const userProblem = user === undefined ? undefined : checkSshUser(user);
  const hostProblem = checkSshHost(host);
  if (userProblem) problems.push(`user ${JSON.stringify(user)} ${userProblem}`);
  if (hostProblem) problems.push(`host ${JSON.stringify(host)} ${hostProblem}`);
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 1 && options.port <= 65535))
    problems.push(`port ${options.port} must be from 1 to 65535`);
  const keyProblem = options.identityFile === undefined ? undefined : checkSafePath(options.identityFile);
  if (keyProblem) problems.push(`identityFile ${JSON.stringify(options.identityFile)} ${keyProblem}`);
  for (const option of options.sshOptions ?? []) {
    const problem = checkSshOption(option);
    if (problem) problems.push(`ssh option ${JSON.stringify(option)}: ${problem}`);
  }
  const control = options.controlPath;
  if (control !== undefined && (!control.startsWith("/") || /\s/.test(control) || hasControlCharacter(control)))
    problems.push(`controlPath ${JSON.stringify(control)} must be an absolute path without whitespace`);
  return problems;
}

/** scp reads `host:path`, so an IPv6 address needs its brackets. */
function scpHost(destination: string): string {
  const at = destination.lastIndexOf("@");
  const host = destination.slice(at + 1);
  return host.includes(":") ? `${destination.slice(0, at + 1)}[${host}]` : destination;
}
