import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { InfraError } from "../../errors.js";
import type { CommandResult, Target, TargetEntry } from "./target.js";

/**
 * How to reach a remote machine: run a command there (argv, no shell on our
 * side) and copy a local file there. `pct exec`/`pct push` and `ssh`/`scp`
 * implement it.
 */
export interface ShellTransport {
  readonly description: string;
  exec(argv: readonly string[]): Promise<CommandResult>;
  push(localFile: string, remotePath: string, mode: number): Promise<void>;
}

const READ_SCRIPT = 'if [ -L "$1" ]; then printf L; readlink -- "$1"; elif [ -f "$1" ]; then printf F; cat -- "$1"; else printf M; fi';
// chmod only when needed (/etc/pve refuses it); `sync FILE` fsyncs that file
// (coreutils ≥ 8.24); mv within one directory is rename(2).
const COMMIT_SCRIPT =
  '{ [ "$(stat -c %a -- "$1")" = "$3" ] || chmod "$3" -- "$1"; } && sync -- "$1" && mv -f -- "$1" "$2" && sync -- "$(dirname -- "$2")"';
const LINK_SCRIPT = 'ln -sfn -- "$3" "$1" && mv -Tf -- "$1" "$2"';
// The names remoteTemporaryName makes: the glob matches 12 hex digits exactly,
// so nothing else in the directory is touched. One command for all paths.
const HEX = "[0-9a-f]".repeat(12);
const CLEAN_SCRIPT = `for f in "$@"; do d=$(dirname -- "$f"); b=$(basename -- "$f"); for t in "$d"/."$b".phoenix-${HEX}; do if [ -e "$t" ] || [ -L "$t" ]; then rm -f -- "$t" && printf '%s\\n' "$t"; fi; done; done`;

/** A Target on a machine reached through a ShellTransport, using only POSIX sh and coreutils there. */
export function createShellTarget(transport: ShellTransport): Target {
  const sh = async (script: string, ...args: string[]): Promise<CommandResult> => transport.exec(["sh", "-c", script, "sh", ...args]);
  const must = async (what: string, script: string, ...args: string[]): Promise<CommandResult> => {
    const result = await sh(script, ...args);
    if (result.exitCode !== 0)
      throw new InfraError("apply", "INFRA_TARGET_COMMAND_FAILED", `${transport.description}: ${what} failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
    return result;
  };
  return {
    description: transport.description,
    async read(file) {
      const out = (await must(`reading ${file}`, READ_SCRIPT, file)).stdout;
      const kind = out.slice(0, 1);
      if (kind === "F") return { type: "file", content: out.slice(1) };
      if (kind === "L") return { type: "symlink", linkTarget: out.slice(1).replace(/\n$/, "") };
      return { type: "missing" } satisfies TargetEntry;
    },
    async writeFile(file, content, mode) {
      const tmp = remoteTemporaryName(file);
      await must(`creating ${path.posix.dirname(file)}`, 'mkdir -p -- "$1"', path.posix.dirname(file));
      const localDir = await mkdtemp(path.join(tmpdir(), "phoenix-push-"));
      try {
        const local = path.join(localDir, "content");
        await writeFile(local, content, { mode: 0o600 });
        await transport.push(local, tmp, mode);
      } finally {
        await rm(localDir, { recursive: true, force: true });
      }
      try {
        await must(`replacing ${file}`, COMMIT_SCRIPT, tmp, file, mode.toString(8));
      } catch (err) {
        await sh('rm -f -- "$1"', tmp);
        throw err;
      }
    },
    async writeSymlink(file, linkTarget) {
      await must(`creating ${path.posix.dirname(file)}`, 'mkdir -p -- "$1"', path.posix.dirname(file));
      await must(`linking ${file}`, LINK_SCRIPT, remoteTemporaryName(file), file, linkTarget);
    },
    async remove(file) {
      await must(`removing ${file}`, 'rm -f -- "$1"', file);
    },
    run(argv) {
      return transport.exec(argv);
    },
    async withScratchDir(fn) {
      const dir = (await must("creating a scratch directory", "mktemp -d")).stdout.trim();
      try {
        return await fn(dir);
      } finally {
        await sh('rm -rf -- "$1"', dir);
      }
    },
    async removeStaleTemporaries(paths) {
      if (paths.length === 0) return [];
      const out = (await must("removing stale temporary files", CLEAN_SCRIPT, ...paths)).stdout;
      return out.split("\n").filter((line) => line !== "");
    },
  };
}

function remoteTemporaryName(file: string): string {
  return path.posix.join(path.posix.dirname(file), `.${path.posix.basename(file)}.phoenix-${randomBytes(6).toString("hex")}`);
}
