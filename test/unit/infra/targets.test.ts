import { mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalTarget } from "../../../src/infra/targets/local-target.js";
import { createShellTarget } from "../../../src/infra/targets/shell-target.js";
import type { Target } from "../../../src/infra/targets/target.js";
import { createLocalShellTransport } from "./local-shell-transport.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-target-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const targets: [string, () => Target][] = [
  ["local target", () => createLocalTarget()],
  ["shell target", () => createShellTarget(createLocalShellTransport())],
];

describe.each(targets)("%s", (_name, make) => {
  it("reads files, symlinks and missing paths without following links", async () => {
    const t = make();
    await writeFile(path.join(dir, "a"), "one\ntwo\n\n");
    await symlink("/etc/hostname", path.join(dir, "l"));
    expect(await t.read(path.join(dir, "a"))).toEqual({ type: "file", content: "one\ntwo\n\n" });
    expect(await t.read(path.join(dir, "l"))).toEqual({ type: "symlink", linkTarget: "/etc/hostname" });
    expect(await t.read(path.join(dir, "none"))).toEqual({ type: "missing" });
  });

  it("replaces a file atomically with the exact mode, creating the directory, leaving no temporary file", async () => {
    const t = make();
    const file = path.join(dir, "sub", "conf");
    await t.writeFile(file, "first\n", 0o640);
    await t.writeFile(file, "second\n", 0o604);
    expect(await readFile(file, "utf8")).toBe("second\n");
    expect((await stat(file)).mode & 0o777).toBe(0o604);
    expect(await readdir(path.join(dir, "sub"))).toEqual(["conf"]);
  });

  it("replaces a file by a symlink and removes it again", async () => {
    const t = make();
    const file = path.join(dir, "site");
    await writeFile(file, "x");
    await t.writeSymlink(file, "../available/site");
    expect(await t.read(file)).toEqual({ type: "symlink", linkTarget: "../available/site" });
    await t.remove(file);
    await t.remove(file);
    expect(await t.read(file)).toEqual({ type: "missing" });
  });

  it("runs commands and reports a failure as a result", async () => {
    const t = make();
    expect(await t.run(["sh", "-c", "printf 'out\\n'; echo err >&2; exit 3"])).toEqual({ exitCode: 3, stdout: "out\n", stderr: "err\n" });
  });

  it("removes its scratch directory even when the work fails", async () => {
    const t = make();
    let seen = "";
    await expect(
      t.withScratchDir(async (scratch) => {
        seen = scratch;
        await t.writeFile(path.join(scratch, "f"), "x", 0o644);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(stat(seen)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("removes only the temporary files a killed write of these paths left, nothing else", async () => {
    const t = make();
    const file = path.join(dir, "conf");
    await writeFile(file, "old\n");
    const stale = [".conf.phoenix-0123456789ab", ".conf.phoenix-ffffffffffff"];
    // Look-alikes that are not ours: another file's temporary, a wrong length,
    // upper case, a suffix, and a user's own file.
    const kept = [".other.phoenix-0123456789ab", ".conf.phoenix-0123456789a", ".conf.phoenix-0123456789AB", ".conf.phoenix-0123456789ab.bak", "conf.phoenix-0123456789ab", "conf"];
    for (const name of [...stale, ".other.phoenix-0123456789ab", ".conf.phoenix-0123456789a", ".conf.phoenix-0123456789AB", ".conf.phoenix-0123456789ab.bak", "conf.phoenix-0123456789ab"]) await writeFile(path.join(dir, name), "half");
    await symlink("/nowhere", path.join(dir, ".conf.phoenix-aaaaaaaaaaaa"));
    const removed = await t.removeStaleTemporaries([file, path.join(dir, "missing-dir", "x")]);
    expect(removed.sort()).toEqual([...stale, ".conf.phoenix-aaaaaaaaaaaa"].map((n) => path.join(dir, n)).sort());
    expect((await readdir(dir)).sort()).toEqual(kept.sort());
    expect(await readFile(file, "utf8")).toBe("old\n");
    expect(await t.removeStaleTemporaries([file])).toEqual([]);
    expect(await t.removeStaleTemporaries([])).toEqual([]);
  });
});
