/**
 * A connection to a host's Docker API as the docker CLI makes one for
 * `DOCKER_HOST=ssh://user@host`: `ssh -l user -- host docker system
 * dial-stdio`, whose stdin and stdout are the API socket. The system ssh in
 * batch mode (keys only, never a password), with the same option checks as
 * the ssh infra targets; one ssh process per connection, as the CLI does.
 */
import { spawn } from "node:child_process";
import { Duplex } from "node:stream";
import { InfraError } from "../../errors.js";
import { checkSshTransportOptions } from "./ssh-transport.js";

export interface SshDockerDialOptions {
  readonly user: string;
  readonly host: string;
  readonly port?: number;
  readonly identityFile?: string;
  readonly sshOptions?: readonly string[];
  /** The `ssh` binary; default from PATH (tests point it at a stand-in). */
  readonly ssh?: string;
}

/** The argv of the ssh process, checked: throws InfraError `INFRA_SSH_OPTIONS_INVALID` for what the settings schema refuses. */
export function buildDockerDialArgv(options: SshDockerDialOptions): string[] {
  const problems = checkSshTransportOptions({
    destination: `${options.user}@${options.host}`,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.identityFile !== undefined ? { identityFile: options.identityFile } : {}),
    ...(options.sshOptions !== undefined ? { sshOptions: options.sshOptions } : {}),
  });
  if (problems.length > 0)
    throw new InfraError("apply", "INFRA_SSH_OPTIONS_INVALID", `swarm join over ssh refused: ${problems.join("; ")}`, { hint: "see swarm.join in docs/settings.md" });
  return [
    options.ssh ?? "ssh",
    // ssh takes the first value of an option: BatchMode=yes leads, so no later one brings password prompts back.
    "-o",
    "BatchMode=yes",
    ...(options.sshOptions ?? []).flatMap((o) => ["-o", o]),
    ...(options.identityFile !== undefined ? ["-i", options.identityFile] : []),
    ...(options.port !== undefined ? ["-p", String(options.port)] : []),
    "-l",
    options.user,
    "--",
    options.host,
    "docker",
    "system",
    "dial-stdio",
  ];
}

/**
 * Opens one connection. Its end is held until ssh exits, so that a refused
 * login fails the request with what ssh wrote to stderr, not a bare hang-up.
 */
export function dialDockerOverSsh(options: SshDockerDialOptions): Duplex {
  const [command, ...args] = buildDockerDialArgv(options);
  const child = spawn(command as string, args, { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  const stream = new Duplex({
    read() {
      child.stdout.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      child.stdin.write(chunk, () => callback());
    },
    final(callback) {
      child.stdin.end();
      callback();
    },
    destroy(error, callback) {
      // Closing the connection ends the ssh process.
      if (child.exitCode === null) child.kill();
      callback(error);
    },
  });
  child.stdout.on("data", (chunk: Buffer) => {
    if (!stream.push(chunk)) child.stdout.pause();
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    if (stderr.length < 4096) stderr += chunk;
  });
  // A write after ssh exited fails with EPIPE; the exit below says why.
  child.stdin.on("error", () => undefined);
  const fail = (message: string) => stream.destroy(new InfraError("apply", "INFRA_SSH_DIAL_FAILED", `ssh ${options.user}@${options.host}: ${message}`));
  child.on("error", (error) => fail(error.message));
  child.on("close", (code) => {
    if (code !== 0 && code !== null) fail(stderr.trim() || `exit ${code}`);
    else stream.push(null);
  });
  return stream;
}
