import { chmod, rm, symlink } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitObjectStore, type GitObjectStore } from "../../../src/source/git-object-store.js";
import { listChangedPaths } from "../../../src/source/list-changed-paths.js";
import { runGit } from "../../helpers/git-cli.js";
import { listGitChanges, listGitFiles } from "../../helpers/git-diff.js";
import { createFixtureRepo, type FixtureRepo } from "../../helpers/git-fixture-repo.js";

const compose = (image: string): string => `services:\n  app:\n    image: ${image}\n`;

/** Named commits of one fixture repo; each scenario diffs a pair of them. */
interface Commits {
  initial: string;
  modified: string;
  addedStack: string;
  deletedStack: string;
  nested: string;
  fileToDir: string;
  dirToFile: string;
  empty: string;
  renamed: string;
  executable: string;
  symlinked: string;
  symlinkToFile: string;
  unicode: string;
}

describe("listChangedPaths", () => {
  let repo: FixtureRepo;
  let commits: Commits;
  const gitdir = (): string => path.join(repo.dir, ".git");

  beforeAll(async () => {
    const stacks: Record<string, string> = {};
    for (const name of ["alpha", "beta", "gamma", "delta"]) {
      stacks[`stacks/${name}/docker-compose.yml`] = compose(`${name}:1`);
      stacks[`stacks/${name}/phoenix.json`] = `{ "name": "${name}" }\n`;
    }
    repo = await createFixtureRepo([
      { message: "initial", files: { ...stacks, "etc/vms.json": "{}\n", "etc/dns.json": "[]\n", "README.md": "# config\n", docs: "a file for now\n" } },
      { message: "modify one compose file", files: { "stacks/alpha/docker-compose.yml": compose("alpha:2") } },
      { message: "add a stack", files: { "stacks/epsilon/docker-compose.yml": compose("epsilon:1"), "stacks/epsilon/phoenix.json": "{}\n" } },
      { message: "delete a stack", files: { "stacks/beta": null } },
      { message: "nested addition", files: { "etc/deep/a/b/c.json": "1\n", "etc/deep/a/d.json": "2\n" } },
      { message: "file becomes directory", files: { docs: null, "docs/index.md": "# docs\n", "docs/guide/setup.md": "setup\n" } },
      { message: "directory becomes file", files: { "etc/deep": null, "etc/deep.json": "{}\n" } },
      { message: "no change", files: {} },
      { message: "rename", files: { "stacks/gamma/phoenix.json": null, "stacks/gamma/stack.json": `{ "name": "gamma" }\n` } },
    ]);
    await chmod(path.join(repo.dir, "stacks/delta/docker-compose.yml"), 0o755);
    await repo.commit({ message: "mode change", files: {} });
    await symlink("docker-compose.yml", path.join(repo.dir, "stacks/delta/compose.yml"));
    await repo.commit({ message: "add symlink", files: {} });
    await rm(path.join(repo.dir, "stacks/delta/compose.yml"));
    await repo.commit({ message: "symlink becomes file", files: { "stacks/delta/compose.yml": compose("delta:2") } });
    await repo.commit({ message: "unicode and spaces", files: { "etc/zoné file.json": "{}\n", "stacks/alpha/docker-compose.yml": compose("alpha:3") } });
    const [initial, modified, addedStack, deletedStack, nested, fileToDir, dirToFile, empty, renamed, executable, symlinked, symlinkToFile, unicode] =
      repo.commits as [string, string, string, string, string, string, string, string, string, string, string, string, string];
    commits = { initial, modified, addedStack, deletedStack, nested, fileToDir, dirToFile, empty, renamed, executable, symlinked, symlinkToFile, unicode };
  });

  afterAll(async () => {
    await repo.remove();
  });

  const pairs: Array<[string, keyof Commits, keyof Commits]> = [
    ["a modified file", "initial", "modified"],
    ["an added directory", "modified", "addedStack"],
    ["a deleted directory", "addedStack", "deletedStack"],
    ["nested additions", "deletedStack", "nested"],
    ["a file that became a directory", "nested", "fileToDir"],
    ["a directory that became a file", "fileToDir", "dirToFile"],
    ["a rename", "empty", "renamed"],
    ["a mode change", "renamed", "executable"],
    ["an added symlink", "executable", "symlinked"],
    ["a symlink that became a file", "symlinked", "symlinkToFile"],
    ["paths with spaces and non-ASCII", "symlinkToFile", "unicode"],
    ["many commits apart", "initial", "unicode"],
    ["backwards", "unicode", "initial"],
  ];

  it.each(pairs)("agrees with git diff --name-status for %s", async (_label, from, to) => {
    const store = createGitObjectStore({ gitdir: gitdir() });
    const expected = await listGitChanges(repo.dir, commits[from], commits[to]);
    expect(expected.length).toBeGreaterThan(0);
    expect(await listChangedPaths(store, commits[from], commits[to])).toEqual(expected);
  });

  it("reports a rename as a deletion plus an addition", async () => {
    const store = createGitObjectStore({ gitdir: gitdir() });
    expect(await listChangedPaths(store, commits.empty, commits.renamed)).toEqual([
      { path: "stacks/gamma/phoenix.json", change: "deleted" },
      { path: "stacks/gamma/stack.json", change: "added" },
    ]);
  });

  it("reports a type change between file and directory as deletions and additions", async () => {
    const store = createGitObjectStore({ gitdir: gitdir() });
    expect(await listChangedPaths(store, commits.nested, commits.fileToDir)).toEqual([
      { path: "docs", change: "deleted" },
      { path: "docs/guide/setup.md", change: "added" },
      { path: "docs/index.md", change: "added" },
    ]);
  });

  it("returns nothing for a commit without changes, and for a commit against itself", async () => {
    const store = createGitObjectStore({ gitdir: gitdir() });
    expect(await listChangedPaths(store, commits.dirToFile, commits.empty)).toEqual([]);
    expect(await listChangedPaths(store, commits.unicode, commits.unicode)).toEqual([]);
  });

  it("lists every file as added when there is no previous commit", async () => {
    const store = createGitObjectStore({ gitdir: gitdir() });
    const changes = await listChangedPaths(store, undefined, commits.unicode);
    expect(changes.every((c) => c.change === "added")).toBe(true);
    expect(changes.map((c) => c.path)).toEqual(await listGitFiles(repo.dir, commits.unicode));
  });

  it("reads only the trees on the path of a change and no blob", async () => {
    const counted = countReads(createGitObjectStore({ gitdir: gitdir() }));
    const changes = await listChangedPaths(counted.store, commits.initial, commits.modified);
    expect(changes).toEqual([{ path: "stacks/alpha/docker-compose.yml", change: "modified" }]);
    // Root, stacks/ and stacks/alpha/ on each side; etc/ and the other stacks are never opened.
    const expected: string[] = [];
    for (const commit of [commits.initial, commits.modified]) {
      for (const dir of ["", "stacks", "stacks/alpha"]) expected.push(await runGit(repo.dir, ["rev-parse", `${commit}:${dir}`]));
    }
    expect([...counted.trees].sort()).toEqual(expected.sort());
    expect(counted.blobs).toBe(0);
  });
});

function countReads(inner: GitObjectStore): { store: GitObjectStore; trees: string[]; blobs: number } {
  const counts = { trees: [] as string[], blobs: 0 };
  const store: GitObjectStore = {
    gitdir: inner.gitdir,
    readCommit: (oid) => inner.readCommit(oid),
    readCommitTree: (oid) => inner.readCommitTree(oid),
    forgetPacks: () => inner.forgetPacks(),
    readPackCache: () => inner.readPackCache(),
    readTree: (oid) => {
      counts.trees.push(oid);
      return inner.readTree(oid);
    },
    readBlob: (oid) => {
      counts.blobs++;
      return inner.readBlob(oid);
    },
  };
  return {
    store,
    get trees() {
      return counts.trees;
    },
    get blobs() {
      return counts.blobs;
    },
  };
}
