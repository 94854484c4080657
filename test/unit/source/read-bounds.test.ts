import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDirectoryTree, createMemoryTree } from "../../../src/source/file-tree.js";
import { COMPOSE_FILE_LIMIT, JSON_CONFIG_FILE_LIMIT, MAX_DIR_ENTRIES, MAX_FILES_PER_LOAD } from "../../../src/source/read-limits.js";
import { RefusedReadError } from "../../../src/source/refused-read.js";

describe("createDirectoryTree never reads outside the repo", () => {
  let outside: string;
  let root: string;

  beforeAll(() => {
    outside = mkdtempSync(path.join(tmpdir(), "phoenix-outside-"));
    writeFileSync(path.join(outside, "secret.txt"), "CANARY-host-file\n");
    root = mkdtempSync(path.join(tmpdir(), "phoenix-repo-"));
    mkdirSync(path.join(root, "stacks/web/configs"), { recursive: true });
    writeFileSync(path.join(root, "stacks/web/docker-compose.yml"), "services: {}\n");
    symlinkSync(path.join(outside, "secret.txt"), path.join(root, "stacks/web/configs/passwd"));
    symlinkSync(outside, path.join(root, "stacks/evil"));
    symlinkSync("docker-compose.yml", path.join(root, "stacks/web/compose.yml"));
  });

  afterAll(() => {
    rmSync(outside, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  it("refuses a symlinked file, even one that points inside the repo, naming it", async () => {
    const tree = createDirectoryTree(root);
    await expect(tree.readBytes("stacks/web/configs/passwd")).rejects.toMatchObject({
      code: "SOURCE_UNSUPPORTED_ENTRY",
      file: "stacks/web/configs/passwd",
      message: "stacks/web/configs/passwd is a symlink in the config repo",
      reason: "symlink, not followed: Phoenix reads only what the config repo itself contains",
    });
    await expect(tree.readText("stacks/web/compose.yml")).rejects.toBeInstanceOf(RefusedReadError);
  });

  it("refuses a file under a symlinked directory, naming the directory", async () => {
    const tree = createDirectoryTree(root);
    await expect(tree.readText("stacks/evil/secret.txt")).rejects.toMatchObject({
      file: "stacks/evil/secret.txt",
      reason: "stacks/evil is a symlink, not followed: Phoenix reads only what the config repo itself contains",
    });
    await expect(tree.listDir("stacks/evil")).rejects.toMatchObject({ code: "SOURCE_UNSUPPORTED_ENTRY", file: "stacks/evil" });
  });

  it("lists symlinks as symlinks instead of leaving them out", async () => {
    const tree = createDirectoryTree(root);
    expect(await tree.listDir("stacks")).toEqual([
      { name: "evil", type: "symlink" },
      { name: "web", type: "dir" },
    ]);
    expect(await tree.listDir("stacks/web/configs")).toEqual([{ name: "passwd", type: "symlink" }]);
  });

  it("still reads a repo whose root path goes through a symlink, and paths that do not exist", async () => {
    const link = `${root}-link`;
    symlinkSync(root, link);
    try {
      const tree = createDirectoryTree(link);
      expect(await tree.readText("stacks/web/docker-compose.yml")).toBe("services: {}\n");
      expect(await tree.readText("stacks/web/nothing.yml")).toBeUndefined();
      expect(await tree.readText("stacks/nothing/docker-compose.yml")).toBeUndefined();
      expect(await tree.listDir("stacks/nothing")).toEqual([]);
      await expect(tree.readText("../outside.txt")).rejects.toMatchObject({ code: "SOURCE_PATH_OUTSIDE_REPO" });
    } finally {
      rmSync(link);
    }
  });

  it("refuses a FIFO without blocking on it", async () => {
    execFileSync("mkfifo", [path.join(root, "stacks/web/pipe.yml")]);
    await expect(createDirectoryTree(root).readText("stacks/web/pipe.yml")).rejects.toMatchObject({ file: "stacks/web/pipe.yml", reason: "not a regular file" });
  });
});

describe("file size limits", () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), "phoenix-sizes-"));
    writeFileSync(path.join(root, "at-limit.yml"), "#".repeat(COMPOSE_FILE_LIMIT.maxBytes));
    // Sparse: reading it would take 8 GiB of memory, so refusing it proves the size is checked first.
    writeFileSync(path.join(root, "huge.yml"), "");
    truncateSync(path.join(root, "huge.yml"), 8 * 1024 ** 3);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("reads a file at its limit and refuses one over it from its size alone", async () => {
    const tree = createDirectoryTree(root);
    expect((await tree.readText("at-limit.yml", COMPOSE_FILE_LIMIT))?.length).toBe(COMPOSE_FILE_LIMIT.maxBytes);
    await expect(tree.readText("huge.yml", COMPOSE_FILE_LIMIT)).rejects.toMatchObject({
      code: "SOURCE_FILE_TOO_LARGE",
      file: "huge.yml",
      message: "huge.yml is 8 GiB, more than the 128 KiB limit for compose files",
      reason: "file is 8 GiB, more than the 128 KiB limit for compose files",
    });
  });

  it("applies the limit for any file to reads that name no kind", async () => {
    await expect(createDirectoryTree(root).readBytes("huge.yml")).rejects.toMatchObject({ reason: "file is 8 GiB, more than the 1000 KiB limit for files read from the config repo" });
  });

  it("says bytes when a file is just over a limit", async () => {
    const tree = createMemoryTree({ "a.json": "x".repeat(JSON_CONFIG_FILE_LIMIT.maxBytes + 1) });
    await expect(tree.readText("a.json", JSON_CONFIG_FILE_LIMIT)).rejects.toMatchObject({ reason: "file is 1048577 bytes, more than the 1 MiB limit for JSON config files" });
  });
});

describe("limits of one load", () => {
  it("counts distinct files: a file read twice counts once, the file past the limit is refused for the whole load", async () => {
    const files = Object.fromEntries(Array.from({ length: MAX_FILES_PER_LOAD + 1 }, (_, i) => [`f${i}`, "x"]));
    const tree = createMemoryTree(files);
    for (let i = 0; i < MAX_FILES_PER_LOAD; i++) await tree.readBytes(`f${i}`);
    await tree.readBytes("f0");
    const refused = await tree.readBytes(`f${MAX_FILES_PER_LOAD}`).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RefusedReadError);
    expect(refused).toMatchObject({ code: "SOURCE_REPO_TOO_LARGE", repoWide: true, message: `reading f${MAX_FILES_PER_LOAD} takes the config repo past its limit of 5000 files for one load` });
  });

  it("counts the bytes of YAML and JSON parsed by one load", async () => {
    const chunk = "x".repeat(1000 * 1024);
    const tree = createMemoryTree({ a: chunk, b: chunk, c: chunk, d: chunk, e: chunk });
    for (const file of ["a", "b", "c", "d"]) await tree.readText(file, JSON_CONFIG_FILE_LIMIT);
    await expect(tree.readText("e", JSON_CONFIG_FILE_LIMIT)).rejects.toMatchObject({
      repoWide: true,
      message: "reading e takes the config repo past its limit of 4 MiB of YAML and JSON for one load",
    });
    // Bytes that are not parsed (Swarm config files) only count against the larger total.
    expect((await tree.readBytes("e"))?.byteLength).toBe(1000 * 1024);
  });

  it("refuses a directory with more entries than one listing may hold", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "phoenix-entries-"));
    try {
      mkdirSync(path.join(root, "stacks"));
      for (let i = 0; i <= MAX_DIR_ENTRIES; i++) writeFileSync(path.join(root, "stacks", String(i)), "");
      await expect(createDirectoryTree(root).listDir("stacks")).rejects.toMatchObject({
        code: "SOURCE_REPO_TOO_LARGE",
        message: "stacks has more than 10000 entries, the limit for one directory of the config repo",
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 30_000);
});
