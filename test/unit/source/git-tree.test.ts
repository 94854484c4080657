import { symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SourceError } from "../../../src/errors.js";
import { createDirectoryTree, type FileTree } from "../../../src/source/file-tree.js";
import { createGitObjectStore } from "../../../src/source/git-object-store.js";
import { createGitTree } from "../../../src/source/git-tree.js";
import { listGitFiles } from "../../helpers/git-diff.js";
import { createFixtureRepo, type FixtureRepo } from "../../helpers/git-fixture-repo.js";

const BINARY = Uint8Array.from([0, 255, 1, 254, 10, 13, 0x80]);

describe("createGitTree", () => {
  let repo: FixtureRepo;
  let first: string;
  let head: string;

  beforeAll(async () => {
    repo = await createFixtureRepo([
      {
        message: "initial",
        files: {
          "etc/vms.json": '{ "vms": [] }\n',
          "stacks/web/docker-compose.yml": "services:\n  web:\n    image: nginx:1\n",
          "stacks/web/phoenix.json": "{}\n",
          "stacks/web.d/notes.txt": "sorts after web/ in git, before it by name\n",
          "stacks/web-api/docker-compose.yml": "services: {}\n",
          "README.md": "# config\n",
        },
      },
      { message: "second", files: { "stacks/web/docker-compose.yml": "services:\n  web:\n    image: nginx:2\n", "etc/vms.json": null, "etc/ünïcode name.json": "[]\n" } },
    ]);
    await writeFile(path.join(repo.dir, "etc/logo.bin"), BINARY);
    head = await repo.commit({ message: "binary", files: {} });
    first = repo.commits[0] as string;
  });

  afterAll(async () => {
    await repo.remove();
  });

  const open = (commit: string, treeCacheSize?: number): FileTree =>
    createGitTree({ store: createGitObjectStore({ gitdir: path.join(repo.dir, ".git"), ...(treeCacheSize === undefined ? {} : { treeCacheSize }) }), commit });

  it.each([[undefined], [1]])("reads every file and directory as the checkout does (tree cache %s)", async (treeCacheSize) => {
    const git = open(head, treeCacheSize);
    const disk = createDirectoryTree(repo.dir);
    const files = await listGitFiles(repo.dir, head);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      expect(await git.readBytes(file), file).toEqual(new Uint8Array((await disk.readBytes(file)) as Uint8Array));
    }
    for (const dir of ["", ".", "etc", "stacks", "stacks/web", "stacks/web/", "./stacks/web"]) {
      // The checkout's own .git directory is the one thing a commit's tree cannot contain.
      const onDisk = (await disk.listDir(dir)).filter((e) => e.name !== ".git");
      expect(await git.listDir(dir), dir).toEqual(onDisk);
    }
  });

  it("lists directories in plain name order, not git's tree order", async () => {
    expect((await open(head).listDir("stacks")).map((e) => e.name)).toEqual(["web", "web-api", "web.d"]);
  });

  it("reads an older commit without touching the working tree", async () => {
    const tree = open(first);
    expect(await tree.readText("stacks/web/docker-compose.yml")).toContain("nginx:1");
    expect(await tree.readText("etc/vms.json")).toBe('{ "vms": [] }\n');
    expect(await tree.readText("etc/ünïcode name.json")).toBeUndefined();
    expect(await open(head).readText("etc/vms.json")).toBeUndefined();
  });

  it("keeps binary content byte for byte", async () => {
    expect(await open(head).readBytes("etc/logo.bin")).toEqual(BINARY);
  });

  it("answers undefined or [] for what is not there, like a directory tree", async () => {
    const tree = open(head);
    expect(await tree.readText("missing.json")).toBeUndefined();
    expect(await tree.readText("stacks/web/docker-compose.yml/deeper")).toBeUndefined();
    expect(await tree.readBytes("stacks/web")).toBeUndefined();
    expect(await tree.listDir("README.md")).toEqual([]);
    expect(await tree.listDir("nope/nothing")).toEqual([]);
  });

  it("refuses paths outside the repository", async () => {
    const tree = open(head);
    await expect(tree.readText("../etc/passwd")).rejects.toMatchObject({ code: "SOURCE_PATH_OUTSIDE_REPO", stage: "source" });
    await expect(tree.listDir("/etc")).rejects.toBeInstanceOf(SourceError);
  });

  it("describes itself by commit and exposes the commit", () => {
    const tree = createGitTree({ store: createGitObjectStore({ gitdir: path.join(repo.dir, ".git") }), commit: head, description: "repo@abc" });
    expect(tree.description).toBe("repo@abc");
    expect(tree.commit).toBe(head);
    expect(open(head).description).toBe(head.slice(0, 12));
  });

  it("refuses to read a symlink, or a file under one, and lists it as a symlink", async () => {
    await symlink("docker-compose.yml", path.join(repo.dir, "stacks/web/compose.yml"));
    await symlink("web", path.join(repo.dir, "stacks/linked"));
    const withLink = await repo.commit({ message: "symlink", files: {} });
    const tree = open(withLink);
    await expect(tree.readText("stacks/web/compose.yml")).rejects.toMatchObject({ code: "SOURCE_UNSUPPORTED_ENTRY", file: "stacks/web/compose.yml" });
    await expect(tree.readText("stacks/linked/phoenix.json")).rejects.toMatchObject({
      code: "SOURCE_UNSUPPORTED_ENTRY",
      file: "stacks/linked/phoenix.json",
      message: "stacks/linked is a symlink in the config repo",
    });
    await expect(tree.listDir("stacks/linked")).rejects.toMatchObject({ code: "SOURCE_UNSUPPORTED_ENTRY", file: "stacks/linked" });
    expect(await tree.listDir("stacks/web")).toEqual([
      { name: "compose.yml", type: "symlink" },
      { name: "docker-compose.yml", type: "file" },
      { name: "phoenix.json", type: "file" },
    ]);
    expect((await tree.listDir("stacks")).find((e) => e.name === "linked")).toEqual({ name: "linked", type: "symlink" });
  });

  it("checks a blob's size against the limit of its kind once read", async () => {
    await expect(open(head).readText("README.md", { maxBytes: 4, kind: "test files", parsed: false })).rejects.toMatchObject({
      code: "SOURCE_FILE_TOO_LARGE",
      file: "README.md",
      reason: "file is 9 bytes, more than the 4 bytes limit for test files",
    });
  });

  it("fails with a source error for a commit that is not in the repository", async () => {
    const tree = open("0123456789abcdef0123456789abcdef01234567");
    await expect(tree.readText("README.md")).rejects.toMatchObject({ code: "SOURCE_OBJECT_MISSING", stage: "source" });
  });
});
