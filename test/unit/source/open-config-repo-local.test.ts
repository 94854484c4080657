import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { openConfigRepo } from "../../../src/source/open-config-repo.js";
import { runGit } from "../../helpers/git-cli.js";
import { createFixtureRepo, type FixtureRepo } from "../../helpers/git-fixture-repo.js";

describe("openConfigRepo on a local repository", () => {
  let repo: FixtureRepo;
  let scratch: string;

  beforeAll(async () => {
    repo = await createFixtureRepo([
      { message: "first", files: { "stacks/web/docker-compose.yml": "services: {}\n", "etc/vms.json": "{}\n" } },
      { message: "second", files: { "stacks/web/docker-compose.yml": "services:\n  web: {}\n" } },
    ]);
    scratch = await mkdtemp(path.join(tmpdir(), "phoenix-local-"));
  });

  afterAll(async () => {
    await repo.remove();
    await rm(scratch, { recursive: true, force: true });
  });

  it("reads a checkout in place: refs, trees, changes and the working directory", async () => {
    const config = await openConfigRepo({ url: repo.dir, cacheDir: path.join(scratch, "unused-cache") });
    expect(config).toMatchObject({ kind: "local", description: repo.dir, gitdir: path.join(repo.dir, ".git"), workdir: repo.dir });

    const fetched = await config.fetchRef("main");
    expect(fetched).toEqual({ ref: "refs/heads/main", commit: repo.commits[1], objectCount: 0, packBytes: 0 });
    const [first, second] = repo.commits as [string, string];
    expect(await config.resolveCommit("HEAD")).toBe(second);
    expect(await config.openTree(first).readText("stacks/web/docker-compose.yml")).toBe("services: {}\n");
    expect(config.openTree(second).description).toBe(`${repo.dir}@${second.slice(0, 12)}`);
    expect(await config.listChangedPaths(first, second)).toEqual([{ path: "stacks/web/docker-compose.yml", change: "modified" }]);
    expect(await createDirectoryTree(config.workdir as string).readText("etc/vms.json")).toBe("{}\n");
  });

  it("never creates a cache for a local repository", async () => {
    const cacheDir = path.join(scratch, "cache-that-must-not-exist");
    await openConfigRepo({ url: `file://${repo.dir}`, cacheDir });
    await expect(rm(cacheDir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("reads a bare repository, which has no working directory", async () => {
    const bare = path.join(scratch, "bare.git");
    await runGit(scratch, ["clone", "--quiet", "--bare", repo.dir, bare]);
    const config = await openConfigRepo({ url: bare });
    expect(config.workdir).toBeUndefined();
    expect(await config.resolveCommit("main")).toBe(repo.commits[1]);
  });

  it("refuses a directory that is not a repository, and a worktree", async () => {
    await expect(openConfigRepo({ url: scratch })).rejects.toMatchObject({ code: "SOURCE_NOT_A_REPO", stage: "source" });
    const worktree = path.join(scratch, "wt");
    await runGit(repo.dir, ["worktree", "add", "--quiet", "--detach", worktree]);
    await expect(openConfigRepo({ url: worktree })).rejects.toMatchObject({ code: "SOURCE_NOT_A_REPO" });
  });
});
