import { lstat, mkdir, mkdtemp, open, readdir, readFile, readlink, rename, rm, symlink } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { isTemporaryNameOf, type CommandResult, type Target, type TargetEntry } from "./target.js";

/** Files on this machine; commands run here through execa. */
export function createLocalTarget(options: { description?: string; scratchRoot?: string } = {}): Target {
  return {
    description: options.description ?? "local",
    async read(file) {
      try {
        const stat = await lstat(file);
        if (stat.isSymbolicLink()) return { type: "symlink", linkTarget: await readlink(file) };
        return { type: "file", content: await readFile(file, "utf8") };
      } catch (err) {
        if ((err as { code?: string }).code === "ENOENT") return { type: "missing" } satisfies TargetEntry;
        throw err;
      }
    },
    async writeFile(file, content, mode) {
      const dir = path.dirname(file);
      await mkdir(dir, { recursive: true });
      const tmp = temporaryName(file);
      const handle = await open(tmp, "wx", mode);
      try {
        await handle.writeFile(content, "utf8");
        // open() applies the umask, so set the mode, but only when it differs:
        // /etc/pve (pmxcfs) has fixed modes and refuses chmod.
        if (((await handle.stat()).mode & 0o777) !== mode) await handle.chmod(mode);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      await syncDirectory(dir);
    },
    async writeSymlink(file, linkTarget) {
      const dir = path.dirname(file);
      await mkdir(dir, { recursive: true });
      const tmp = temporaryName(file);
      await symlink(linkTarget, tmp);
      await rename(tmp, file);
      await syncDirectory(dir);
    },
    async remove(file) {
      await rm(file, { force: true });
      await syncDirectory(path.dirname(file)).catch(() => undefined);
    },
    async run(argv) {
      return runLocalCommand(argv);
    },
    async withScratchDir(fn) {
      const dir = await mkdtemp(path.join(options.scratchRoot ?? tmpdir(), "phoenix-check-"));
      try {
        return await fn(dir);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async removeStaleTemporaries(paths) {
      const removed: string[] = [];
      for (const file of paths) {
        const dir = path.dirname(file);
        const names = await readdir(dir).catch((err: { code?: string }) => {
          if (err.code === "ENOENT") return [] as string[];
          throw err;
        });
        for (const name of names.filter((n) => isTemporaryNameOf(path.basename(file), n))) {
          await rm(path.join(dir, name), { force: true });
          removed.push(path.join(dir, name));
        }
      }
      return removed;
    },
  };
}

export async function runLocalCommand(argv: readonly string[], input?: string): Promise<CommandResult> {
  const [command, ...args] = argv;
  if (command === undefined) throw new Error("empty command");
  const result = await execa(command, args, { reject: false, stripFinalNewline: false, ...(input === undefined ? {} : { input }) });
  return { exitCode: result.exitCode ?? 1, stdout: String(result.stdout ?? ""), stderr: String(result.stderr ?? result.message ?? "") };
}

/** A sibling of the file, so the rename stays on one file system. */
export function temporaryName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.phoenix-${randomBytes(6).toString("hex")}`);
}

/** A rename is durable only once the directory entry itself is on disk. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
