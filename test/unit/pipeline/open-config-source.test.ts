import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { openConfigSource } from "../../../src/pipeline/open-config-source.js";
import { runGit } from "../../helpers/git-cli.js";
import { createFixtureRepo, type FixtureRepo } from "../../helpers/git-fixture-repo.js";

const logger = createSilentLogger();

describe("openConfigSource on a local checkout", () => {
  let repo: FixtureRepo;
  let plain: string;

  beforeAll(async () => {
    repo = await createFixtureRepo([
      { message: "one", files: { "etc/a.json": "1\n", "infra/etc/a.json": "1\n", "README.md": "x\n" } },
      { message: "two", files: { "etc/a.json": "2\n", "infra/etc/a.json": "2\n" } },
      { message: "three", files: { "etc/a.json": "3\n", "infra/etc/a.json": "3\n" } },
    ]);
    await repo.tag("v1", { commit: repo.commits[0] as string, message: "annotated" });
    plain = await mkdtemp(path.join(tmpdir(), "phoenix-no-git-"));
  });

  afterAll(async () => {
    await repo.remove();
    await rm(plain, { recursive: true, force: true });
  });

  const [c1, c2, c3] = [0, 1, 2].map((i) => () => repo.commits[i] as string) as [() => string, () => string, () => string];

  it("reads the working tree at HEAD, clean", async () => {
    const source = await openConfigSource({ dir: repo.dir }, logger);
    expect(source).toMatchObject({ commit: c3() });
    expect(source.dirty).toBeUndefined();
    expect(await source.tree.readText("etc/a.json")).toBe("3\n");
  });

  it("reads --ref without --repo from the checkout: any revision git accepts", async () => {
    for (const [ref, commit, text] of [
      ["HEAD~1", c2, "2\n"],
      ["HEAD^", c2, "2\n"],
      ["HEAD~2", c1, "1\n"],
      ["main@{1}", c2, "2\n"],
      ["v1", c1, "1\n"],
    ] as const) {
      const source = await openConfigSource({ dir: repo.dir, ref }, logger);
      expect(source.commit, ref).toBe(commit());
      expect(await source.tree.readText("etc/a.json"), ref).toBe(text);
    }
    const short = await openConfigSource({ dir: repo.dir, ref: c1().slice(0, 7) }, logger);
    expect(short.commit).toBe(c1());
  });

  it("resolves --base and --trusted in the checkout", async () => {
    const source = await openConfigSource({ dir: repo.dir, base: "HEAD~2", trusted: "HEAD^" }, logger);
    expect(source).toMatchObject({ commit: c3(), base: c1(), trusted: { ref: "HEAD^", commit: c2() } });
    expect(await source.baseTree?.readText("etc/a.json")).toBe("1\n");
    expect(await source.trusted?.tree.readText("etc/a.json")).toBe("2\n");
  });

  it("reads a config directory inside a larger repository at its own root", async () => {
    const source = await openConfigSource({ dir: path.join(repo.dir, "infra"), ref: "HEAD~1", base: "HEAD~2" }, logger);
    expect(source.commit).toBe(c2());
    expect(await source.tree.readText("etc/a.json")).toBe("2\n");
    expect(await source.tree.readText("infra/etc/a.json")).toBeUndefined();
    expect(await source.baseTree?.readText("etc/a.json")).toBe("1\n");
  });

  it("refuses a revision that git would read as an option, and one that does not exist", async () => {
    await expect(openConfigSource({ dir: repo.dir, ref: "--output=/tmp/x" }, logger)).rejects.toMatchObject({ code: "SOURCE_REF_UNSUPPORTED" });
    await expect(openConfigSource({ dir: repo.dir, base: "no-such-branch" }, logger)).rejects.toMatchObject({
      code: "SOURCE_REF_NOT_FOUND",
      message: expect.stringContaining("no-such-branch"),
    });
  });

  it("marks uncommitted changes under the config directories, and only there", async () => {
    await writeFile(path.join(repo.dir, "README.md"), "changed\n");
    expect((await openConfigSource({ dir: repo.dir }, logger)).dirty).toBeUndefined();

    await writeFile(path.join(repo.dir, "etc/a.json"), "dirty\n");
    const modified = await openConfigSource({ dir: repo.dir }, logger);
    expect(modified).toMatchObject({ commit: c3(), dirty: true });
    expect(await modified.tree.readText("etc/a.json")).toBe("dirty\n");
    // --ref reads the commit: the working tree's changes are not part of it.
    expect((await openConfigSource({ dir: repo.dir, ref: "HEAD" }, logger)).dirty).toBeUndefined();
    await runGit(repo.dir, ["checkout", "--", "etc/a.json"]);

    await mkdir(path.join(repo.dir, "stacks/new"), { recursive: true });
    await writeFile(path.join(repo.dir, "stacks/new/docker-compose.yml"), "services: {}\n");
    expect((await openConfigSource({ dir: repo.dir }, logger)).dirty).toBe(true);
    // The subdirectory's own config paths are what count.
    expect((await openConfigSource({ dir: path.join(repo.dir, "infra") }, logger)).dirty).toBeUndefined();
    await rm(path.join(repo.dir, "stacks"), { recursive: true });
    await runGit(repo.dir, ["checkout", "--", "README.md"]);
  });

  it("reads a directory outside git without a commit, and says why --ref needs one", async () => {
    expect(await openConfigSource({ dir: plain }, logger)).toEqual({ tree: expect.anything() });
    await expect(openConfigSource({ dir: plain, ref: "HEAD~1" }, logger)).rejects.toMatchObject({
      code: "SOURCE_NOT_A_REPO",
      message: expect.stringContaining("--ref needs a git repository"),
    });
  });
});
