import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile, chmod } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";

export const SSHD = "/usr/sbin/sshd";
export const hasSshd = existsSync(SSHD);

export interface SshServer {
  readonly port: number;
  readonly user: string;
  readonly identityFile: string;
  /** ssh -o options for a throwaway host key. */
  readonly sshOptions: readonly string[];
  /** The multiplexing socket (a transport option: Control* are not allowed ssh options). */
  readonly controlPath: string;
  stop(): Promise<void>;
}

/** A real sshd on 127.0.0.1:port accepting one throwaway key for the current user. */
export async function startSshServer(dir: string, port: number): Promise<SshServer> {
  const p = (f: string) => path.join(dir, f);
  await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", p("host_key")]);
  await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", p("client_key")]);
  await writeFile(p("authorized_keys"), await execa("cat", [p("client_key.pub")]).then((r) => r.stdout + "\n"));
  await chmod(p("authorized_keys"), 0o600);
  // sshd insists on its privilege separation directory even in the foreground.
  if (process.getuid?.() === 0) await mkdir("/run/sshd", { recursive: true, mode: 0o755 });
  await writeFile(
    p("sshd_config"),
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${p("host_key")}`,
      `AuthorizedKeysFile ${p("authorized_keys")}`,
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PermitRootLogin prohibit-password",
      "UsePAM no",
      "StrictModes no",
      "PidFile none",
      "Subsystem sftp internal-sftp",
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(SSHD, ["-D", "-e", "-f", p("sshd_config")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const user = userInfo().username;
  // One multiplexed connection for the whole test: a fresh key exchange per command takes ~0.3 s here.
  const sshOptions = ["StrictHostKeyChecking=no", "UserKnownHostsFile=/dev/null", "LogLevel=ERROR"];
  const controlPath = p("cm-%C");
  const control = ["ControlMaster=auto", `ControlPath=${controlPath}`, "ControlPersist=30"].flatMap((o) => ["-o", o]);
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) throw new Error(`sshd exited ${child.exitCode}: ${stderr}`);
    const r = await execa("ssh", ["-o", "BatchMode=yes", ...sshOptions.flatMap((o) => ["-o", o]), ...control, "-i", p("client_key"), "-p", String(port), `${user}@127.0.0.1`, "true"], { reject: false });
    if (r.exitCode === 0) break;
    await sleep(100);
  }
  return {
    port,
    user,
    identityFile: p("client_key"),
    sshOptions,
    controlPath,
    async stop() {
      await execa("ssh", [...sshOptions.flatMap((o) => ["-o", o]), ...control, "-p", String(port), "-O", "exit", `${user}@127.0.0.1`], { reject: false });
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await gone;
    },
  };
}
