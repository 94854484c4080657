import { describe, expect, it } from "vitest";
import { loadConfigRepo } from "../../../src/pipeline/load-config-repo.js";
import { createMemoryTree, type FileTree } from "../../../src/source/file-tree.js";

const files = { "etc/phoenix_hypervisor_config.json": "{}\n" };

/** A tree that says which commit it reads, as git trees do, and counts its reads. */
function commitTree(commit: string): FileTree & { readonly commit: string; reads: number } {
  const memory = createMemoryTree(files, `repo@${commit}`);
  const tree = {
    commit,
    description: memory.description,
    reads: 0,
    readText: (file: string) => (tree.reads++, memory.readText(file)),
    readBytes: (file: string) => (tree.reads++, memory.readBytes(file)),
    listDir: (dir: string) => memory.listDir(dir),
  };
  return tree;
}

describe("loadConfigRepo", () => {
  it("loads a commit once and gives the same result again", async () => {
    const tree = commitTree("a".repeat(40));
    const first = await loadConfigRepo(tree);
    const reads = tree.reads;
    expect(reads).toBeGreaterThan(0);
    expect(await loadConfigRepo(tree)).toBe(first);
    expect(tree.reads).toBe(reads);
  });

  it("loads again for another default environment or another commit", async () => {
    const tree = commitTree("b".repeat(40));
    const first = await loadConfigRepo(tree);
    expect(await loadConfigRepo(tree, { defaultEnvironment: "staging" })).not.toBe(first);
    expect(await loadConfigRepo(commitTree("c".repeat(40)))).not.toBe(first);
  });

  it("reads a tree without a commit (a directory) afresh every time", async () => {
    const tree = createMemoryTree(files);
    expect(await loadConfigRepo(tree)).not.toBe(await loadConfigRepo(tree));
  });
});

describe("loadConfigRepo, when reading the tree throws", () => {
  it("does not remember the failure: the next load reads again", async () => {
    const tree = commitTree("d".repeat(40));
    const readText = tree.readText;
    tree.readText = () => {
      throw new Error("object missing");
    };
    await expect(loadConfigRepo(tree)).rejects.toThrow("object missing");
    tree.readText = readText;
    await expect(loadConfigRepo(tree)).resolves.toHaveProperty("diagnostics");
    expect(tree.reads).toBeGreaterThan(0);
  });
});
