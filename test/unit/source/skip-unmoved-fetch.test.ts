import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPlanBase } from "../../../src/github/handlers/find-plan-base.js";
import { createSilentLogger } from "../../../src/logger.js";
import { openConfigRepo } from "../../../src/source/open-config-repo.js";
import { REPACK_THRESHOLD } from "../../../src/source/repack-cache.js";
import { runGit } from "../../helpers/git-cli.js";
import { createFixtureRepo, type FixtureRepo } from "../../helpers/git-fixture-repo.js";
import { startGitHttpServer, type GitHttpServer } from "../../helpers/git-http-server.js";

const logger = createSilentLogger();
let repo: FixtureRepo;
let server: GitHttpServer;
let cacheDir: string;

beforeAll(async () => {
  repo = await createFixtureRepo([
    { message: "one", files: { "etc/a.json": "{}\n" } },
    { message: "two", files: { "etc/b.json": "{}\n" } },
    { message: "three", files: { "etc/c.json": "{}\n" } },
  ]);
  server = await startGitHttpServer({ repoDir: repo.dir });
  cacheDir = await mkdtemp(path.join(os.tmpdir(), "phoenix-skip-fetch-"));
});

afterAll(async () => {
  await server.close();
  await repo.remove();
  await rm(cacheDir, { recursive: true, force: true });
});

describe("fetching only what moved", () => {
  it("asks the server only for its refs when the branch has not moved, and nothing for a commit already here", async () => {
    const source = await openConfigRepo({ url: server.url, cacheDir, logger });
    const first = await source.fetchRef("main");
    const before = server.requests.length;
    expect((await source.fetchRef("main")).commit).toBe(first.commit);
    expect(server.requests.slice(before).map((r) => r.method)).toEqual(["GET"]);
    const known = server.requests.length;
    expect(await source.fetchRef("refs/heads/main", { expect: first.commit })).toMatchObject({ commit: first.commit, objectCount: 0 });
    expect(server.requests.length).toBe(known);
  });

  it("plans a pull request against the merge base, deepening a shallow cache once to reach it", async () => {
    const [one, two] = repo.commits;
    const branchPoint = two ?? "";
    // A pull request cut from "two"; main moved on with "three" (and another commit after).
    await runGit(repo.dir, ["checkout", "--quiet", "-b", "feature", branchPoint]);
    await runGit(repo.dir, ["commit", "--quiet", "--allow-empty", "-m", "feature work"]);
    const head = await runGit(repo.dir, ["rev-parse", "HEAD"]);
    await runGit(repo.dir, ["checkout", "--quiet", "main"]);
    const fresh = await openConfigRepo({ url: server.url, cacheDir: await mkdtemp(path.join(os.tmpdir(), "phoenix-merge-base-")), logger });
    const base = (await fresh.fetchRef("refs/heads/main")).commit;
    await fresh.fetchRef("refs/heads/feature");
    expect(await fresh.findMergeBase(head, base)).toBeUndefined();
    const planBase = await findPlanBase(fresh, { head, base, headRef: "refs/heads/feature", baseRef: "refs/heads/main" }, logger);
    expect(planBase).toBe(branchPoint);
    expect(planBase).not.toBe(base);
    expect(planBase).not.toBe(one);
  });
});

describe("repacking the cache", () => {
  it("merges the packs of many fetches into one, and the objects stay readable through the open store", { timeout: 60_000 }, async () => {
    const own = await createFixtureRepo([{ message: "base", files: { "etc/a.json": "{}\n" } }]);
    const served = await startGitHttpServer({ repoDir: own.dir });
    const dir = await mkdtemp(path.join(os.tmpdir(), "phoenix-repack-"));
    try {
      const source = await openConfigRepo({ url: served.url, cacheDir: dir, logger });
      const commits: string[] = [(await source.fetchRef("main")).commit];
      for (let i = 0; i < REPACK_THRESHOLD + 2; i += 1) {
        commits.push(await own.commit({ message: `change ${i}`, files: { [`etc/file-${i}.json`]: `{ "n": ${i} }\n` } }));
        await source.fetchRef("main");
        // A read between fetches keeps pack data in the store's cache, as a plan would.
        expect(await source.openTree(commits.at(-1) ?? "").readText(`etc/file-${i}.json`)).toBe(`{ "n": ${i} }\n`);
      }
      // The repack runs after the fetch, under the repo lock: a fetch of an unmoved ref waits for it.
      await source.fetchRef("main");
      const packs = (await readdir(path.join(source.gitdir, "objects", "pack"))).filter((f) => f.endsWith(".pack"));
      expect(packs.length).toBeLessThan(REPACK_THRESHOLD);
      for (const [i, commit] of commits.slice(1).entries()) expect(await source.openTree(commit).readText(`etc/file-${i}.json`)).toBe(`{ "n": ${i} }\n`);
    } finally {
      await served.close();
      await own.remove();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("a pull request's head fetched on top of its base", () => {
  it("keeps its link to the base: the merge base is found without deepening, push after push", { timeout: 60_000 }, async () => {
    const own = await createFixtureRepo([{ message: "base", files: { "etc/a.json": "{}\n" } }]);
    const served = await startGitHttpServer({ repoDir: own.dir });
    const dir = await mkdtemp(path.join(os.tmpdir(), "phoenix-pr-heads-"));
    try {
      const source = await openConfigRepo({ url: served.url, cacheDir: dir, logger });
      const base = own.commits[0] ?? "";
      await source.fetchRef("refs/heads/main");
      for (let i = 0; i < 3; i += 1) {
        // Force-pushed heads, each the base plus one commit, as a rebased pull request.
        await runGit(own.dir, ["checkout", "--quiet", "--detach", base]);
        await runGit(own.dir, ["commit", "--quiet", "--allow-empty", "-m", `head ${i}`], { commitIndex: 10 + i });
        const head = await runGit(own.dir, ["rev-parse", "HEAD"]);
        await runGit(own.dir, ["update-ref", "refs/heads/feature", head]);
        await source.fetchRef("refs/heads/feature", { expect: head });
        expect(await source.findMergeBase(head, base)).toBe(base);
      }
    } finally {
      await served.close();
      await own.remove();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
