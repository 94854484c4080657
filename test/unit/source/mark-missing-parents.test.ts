import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { markCommitsMissingParents } from "../../../src/source/repair-shallow.js";
import { runGit } from "../../helpers/git-cli.js";

describe("marking fetched commits whose parents did not come along", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("marks shallow a commit whose parent is not here, and leaves complete commits and other objects alone", async () => {
    const gitdir = await mkdtemp(path.join(os.tmpdir(), "phoenix-shallow-"));
    dirs.push(gitdir);
    await runGit(gitdir, ["init", "--quiet", "--bare"]);
    const tree = await runGit(gitdir, ["mktree"], { input: "" });
    const root = await runGit(gitdir, ["commit-tree", tree, "-m", "root"]);
    const child = await runGit(gitdir, ["commit-tree", tree, "-p", root, "-m", "child"]);
    // A commit naming a parent this repository never received, as a server could send one.
    const missing = "1".repeat(40);
    const text = `tree ${tree}\nparent ${missing}\nauthor A <a@example.invalid> 0 +0000\ncommitter A <a@example.invalid> 0 +0000\n\norphaned\n`;
    const cut = await runGit(gitdir, ["hash-object", "-t", "commit", "-w", "--literally", "--stdin"], { input: text });

    expect(await markCommitsMissingParents(gitdir, [tree, root, child, cut])).toBe(1);
    expect((await readFile(path.join(gitdir, "shallow"), "utf8")).split("\n").filter(Boolean)).toEqual([cut]);
    // Marked once: a second pass finds nothing new.
    expect(await markCommitsMissingParents(gitdir, [cut])).toBe(0);
  });
});
