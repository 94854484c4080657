import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitObjectStore } from "../../../src/source/git-object-store.js";
import { runGit } from "../../helpers/git-cli.js";
import { createFixtureRepo, type FixtureRepo } from "../../helpers/git-fixture-repo.js";

/** Three files of 100 bytes each, and an empty one. */
const FILES = { "a.txt": "a".repeat(99) + "\n", "b.txt": "b".repeat(99) + "\n", "c.txt": "c".repeat(99) + "\n", "empty.txt": "" };

// A kept blob is returned as the same object; a blob read again from the pack is a new one.
describe("createGitObjectStore", () => {
  let repo: FixtureRepo;
  let gitdir: string;
  let oids: Record<"a" | "b" | "c" | "empty", string>;

  beforeAll(async () => {
    repo = await createFixtureRepo([{ message: "files", files: FILES }]);
    gitdir = path.join(repo.dir, ".git");
    const oidOf = (file: string) => runGit(repo.dir, ["rev-parse", `HEAD:${file}`]);
    oids = { a: await oidOf("a.txt"), b: await oidOf("b.txt"), c: await oidOf("c.txt"), empty: await oidOf("empty.txt") };
  });

  afterAll(async () => {
    await repo.remove();
  });

  it("keeps blobs within the byte budget, dropping the least recently read first", async () => {
    const store = createGitObjectStore({ gitdir, blobCacheBytes: 250 });
    const a = await store.readBlob(oids.a);
    const b = await store.readBlob(oids.b);
    expect(new TextDecoder().decode(a)).toBe(FILES["a.txt"]);
    expect(await store.readBlob(oids.a)).toBe(a);
    // 300 bytes do not fit in 250: b, read least recently, goes.
    await store.readBlob(oids.c);
    expect(await store.readBlob(oids.a)).toBe(a);
    const bAgain = await store.readBlob(oids.b);
    expect(bAgain).not.toBe(b);
    expect(bAgain).toEqual(b);
  });

  it("returns a blob larger than the whole budget without keeping it", async () => {
    const store = createGitObjectStore({ gitdir, blobCacheBytes: 50 });
    const a = await store.readBlob(oids.a);
    expect(a.byteLength).toBe(100);
    expect(await store.readBlob(oids.a)).not.toBe(a);
  });

  it("keeps an empty blob", async () => {
    const store = createGitObjectStore({ gitdir, blobCacheBytes: 10 });
    const empty = await store.readBlob(oids.empty);
    expect(empty.byteLength).toBe(0);
    expect(await store.readBlob(oids.empty)).toBe(empty);
  });

  it("shares one read in flight between its callers", async () => {
    const store = createGitObjectStore({ gitdir });
    const [first, second] = await Promise.all([store.readBlob(oids.a), store.readBlob(oids.a)]);
    expect(second).toBe(first);
    const root = await store.readCommitTree(repo.commits[0] as string);
    const [tree, again] = await Promise.all([store.readTree(root), store.readTree(root)]);
    expect(again).toBe(tree);
  });

  it("keeps no failed read: an object that arrives later is found", async () => {
    const store = createGitObjectStore({ gitdir });
    const text = "arrives after the first read\n";
    const oid = await runGit(repo.dir, ["hash-object", "--stdin"], { input: text });
    await expect(store.readBlob(oid)).rejects.toMatchObject({ code: "SOURCE_OBJECT_MISSING" });
    await runGit(repo.dir, ["hash-object", "-w", "--stdin"], { input: text });
    expect(new TextDecoder().decode(await store.readBlob(oid))).toBe(text);
  });
});
